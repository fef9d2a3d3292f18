import report.TextTable;

public final class TestMain {
    public static void main(String[] args) {
        Check.run("left aligned table", () -> {
            String text = new TextTable("Item", "Qty", "Price")
                    .addRow("Apple", 3, "1.20")
                    .addRow("Banana", 12, "0.35")
                    .render();
            Check.eq(""
                    + "Item   | Qty | Price\n"
                    + "-------+-----+------\n"
                    + "Apple  | 3   | 1.20\n"
                    + "Banana | 12  | 0.35\n", text);
        });

        Check.run("short rows are padded", () -> {
            Check.eq("A | B\n--+--\nx |\n", new TextTable("A", "B").addRow("x").render());
        });

        Check.run("too many cells", () -> {
            Check.fails(IllegalArgumentException.class, () -> new TextTable("A").addRow("x", "y"));
        });

        System.exit(Check.finish());
    }
}
