import billing.Invoice;
import billing.Money;
import java.math.BigDecimal;

public final class TestMain {
    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    public static void main(String[] args) {
        Check.run("simple totals", () -> {
            Invoice inv = new Invoice().add("Widget", "10.00", 3, "20").add("Manual", "5.50", 1, "0");
            Check.eq(d("35.50"), inv.net());
            Check.eq(d("6.00"), inv.tax());
            Check.eq(d("41.50"), inv.gross());
        });

        Check.run("format", () -> Check.eq("1234.50", Money.format(d("1234.5"))));

        Check.run("invalid lines", () -> {
            Check.fails(IllegalArgumentException.class, () -> new Invoice().add("x", "1.00", 0, "20"));
            Check.fails(IllegalArgumentException.class, () -> new Invoice().add("x", "-1.00", 1, "20"));
        });

        System.exit(Check.finish());
    }
}
