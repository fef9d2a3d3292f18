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

        Check.run("halves round up", () -> {
            Check.eq(d("0.13"), Money.round(d("0.125")));
            Check.eq(d("2.35"), Money.round(d("2.345")));
            Check.eq(d("0.01"), Money.round(d("0.005")));
            Check.eq(d("10.00"), Money.round(d("9.995")));
        });

        Check.run("negative halves round away from zero", () -> {
            Check.eq(d("-0.13"), Money.round(d("-0.125")));
            Check.eq(d("-2.35"), Money.round(d("-2.345")));
        });

        Check.run("non-halves round to nearest", () -> {
            Check.eq(d("0.12"), Money.round(d("0.1249")));
            Check.eq(d("0.13"), Money.round(d("0.1251")));
            Check.eq(d("7.00"), Money.round(d("7")));
        });

        Check.run("line tax uses commercial rounding", () -> {
            // 2.50 * 5 % = 0.125 -> 0.13
            Invoice inv = new Invoice().add("Stamp", "2.50", 1, "5");
            Check.eq(d("0.13"), inv.tax());
            Check.eq(d("2.63"), inv.gross());
        });

        Check.run("net of a line with fractional unit price", () -> {
            // 0.0125 * 2 = 0.025 -> 0.03
            Invoice inv = new Invoice().add("Screw", "0.0125", 2, "0");
            Check.eq(d("0.03"), inv.net());
        });

        Check.run("invoice totals add rounded lines", () -> {
            Invoice inv = new Invoice()
                    .add("Coffee", "3.45", 3, "7")      // net 10.35, tax 0.7245 -> 0.72
                    .add("Cake", "4.50", 1, "19")       // net 4.50,  tax 0.855  -> 0.86
                    .add("Bag", "0.25", 1, "19");       // net 0.25,  tax 0.0475 -> 0.05
            Check.eq(d("15.10"), inv.net());
            Check.eq(d("1.63"), inv.tax());
            Check.eq(d("16.73"), inv.gross());
        });

        Check.run("render shows rounded values", () -> {
            String text = new Invoice().add("Stamp", "2.50", 1, "5").render();
            Check.isTrue(text.contains("0.13"), "tax line in " + text);
            Check.isTrue(text.contains("2.63"), "total line in " + text);
        });

        System.exit(Check.finish());
    }
}
