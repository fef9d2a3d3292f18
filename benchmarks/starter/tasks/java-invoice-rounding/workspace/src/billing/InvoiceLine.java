package billing;

import java.math.BigDecimal;

/** One invoice line. {@code taxPercent} is e.g. 20 for 20 %. */
public record InvoiceLine(String description, BigDecimal unitPrice, int quantity, BigDecimal taxPercent) {
    public InvoiceLine {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        if (unitPrice.signum() < 0 || taxPercent.signum() < 0) {
            throw new IllegalArgumentException("price and tax must not be negative");
        }
    }

    /** Net amount of the line, rounded to cents. */
    public BigDecimal net() {
        return Money.round(unitPrice.multiply(BigDecimal.valueOf(quantity)));
    }

    /** Tax of the line: the rounded net amount times the tax rate, rounded to cents. */
    public BigDecimal tax() {
        return Money.round(net().multiply(taxPercent).movePointLeft(2));
    }
}
