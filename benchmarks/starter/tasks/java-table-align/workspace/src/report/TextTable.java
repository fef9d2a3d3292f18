package report;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders rows as a plain-text table for the CLI:
 *
 * <pre>
 * Item   | Qty | Price
 * -------+-----+------
 * Apple  | 3   | 1.20
 * Banana | 12  | 0.35
 * </pre>
 *
 * Every column is as wide as its widest cell (header included). Cells are separated by " | ",
 * the rule under the header uses "-" and "+". Cells are converted with {@code String.valueOf};
 * a row with fewer cells than headers is padded with empty cells. Lines have no trailing spaces
 * and end with "\n".
 */
public final class TextTable {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("at least one column is required");
        }
        this.headers = List.of(headers);
    }

    public TextTable addRow(Object... cells) {
        if (cells.length > headers.size()) {
            throw new IllegalArgumentException("row has more cells than the table has columns");
        }
        List<String> row = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            row.add(i < cells.length ? String.valueOf(cells[i]) : "");
        }
        rows.add(row);
        return this;
    }

    public String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, headers, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        out.append(String.join("-+-", rule)).append('\n');
        for (List<String> row : rows) {
            appendLine(out, row, widths);
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
        List<String> padded = new ArrayList<>();
        for (int c = 0; c < widths.length; c++) {
            padded.add(pad(cells.get(c), widths[c]));
        }
        out.append(String.join(" | ", padded).stripTrailing()).append('\n');
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
