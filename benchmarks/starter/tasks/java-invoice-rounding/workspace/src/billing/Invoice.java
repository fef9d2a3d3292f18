package billing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An invoice: totals are sums of the already rounded line amounts. */
public final class Invoice {
    private final List<InvoiceLine> lines = new ArrayList<>();

    public Invoice add(String description, String unitPrice, int quantity, String taxPercent) {
        lines.add(new InvoiceLine(description, new BigDecimal(unitPrice), quantity, new BigDecimal(taxPercent)));
        return this;
    }

    public List<InvoiceLine> lines() {
        return Collections.unmodifiableList(lines);
    }

    public BigDecimal net() {
        return lines.stream().map(InvoiceLine::net).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    public BigDecimal tax() {
        return lines.stream().map(InvoiceLine::tax).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    public BigDecimal gross() {
        return net().add(tax());
    }

    /** Plain-text rendering used in e-mails. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (InvoiceLine line : lines) {
            sb.append(String.format("%-20s %3d x %10s %10s%n", line.description(), line.quantity(),
                    Money.format(line.unitPrice()), Money.format(line.net())));
        }
        sb.append(String.format("%-20s %27s%n", "Net", Money.format(net())));
        sb.append(String.format("%-20s %27s%n", "Tax", Money.format(tax())));
        sb.append(String.format("%-20s %27s%n", "Total", Money.format(gross())));
        return sb.toString();
    }
}
