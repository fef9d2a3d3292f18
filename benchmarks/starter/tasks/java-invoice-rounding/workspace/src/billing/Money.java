package billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money helpers. Amounts are BigDecimal in the invoice currency. */
public final class Money {
    private Money() {
    }

    /**
     * Rounds to whole cents using commercial rounding as required on invoices: halves are rounded
     * away from zero (0.125 becomes 0.13, -0.125 becomes -0.13).
     */
    public static BigDecimal round(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN);
    }

    /** Formats an amount with two decimals, e.g. "1234.50". */
    public static String format(BigDecimal amount) {
        return round(amount).toPlainString();
    }
}
