import report.Align;
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

        Check.run("right aligned numeric columns", () -> {
            String text = new TextTable("Item", "Qty", "Price")
                    .align(1, Align.RIGHT)
                    .align(2, Align.RIGHT)
                    .addRow("Apple", 3, "1.20")
                    .addRow("Banana", 12, "10.35")
                    .render();
            Check.eq(""
                    + "Item   | Qty | Price\n"
                    + "-------+-----+------\n"
                    + "Apple  |   3 |  1.20\n"
                    + "Banana |  12 | 10.35\n", text);
        });

        Check.run("header follows the column alignment", () -> {
            String text = new TextTable("N", "Name").align(0, Align.RIGHT).addRow(1000, "x").render();
            Check.eq(""
                    + "   N | Name\n"
                    + "-----+-----\n"
                    + "1000 | x\n", text);
        });

        Check.run("centered column", () -> {
            String text = new TextTable("Status", "Id")
                    .align(0, Align.CENTER)
                    .addRow("ok", 1)
                    .addRow("failed", 2)
                    .addRow("skip", 3)
                    .render();
            Check.eq(""
                    + "Status | Id\n"
                    + "-------+---\n"
                    + "  ok   | 1\n"
                    + "failed | 2\n"
                    + " skip  | 3\n", text);
        });

        Check.run("centered last column has no trailing spaces", () -> {
            String text = new TextTable("Id", "Result").align(1, Align.CENTER).addRow(7, "ok").render();
            Check.eq(""
                    + "Id | Result\n"
                    + "---+-------\n"
                    + "7  |   ok\n", text);
        });

        Check.run("explicit left alignment is the default", () -> {
            TextTable a = new TextTable("A", "B").addRow("xx", "y");
            TextTable b = new TextTable("A", "B").align(0, Align.LEFT).align(1, Align.LEFT).addRow("xx", "y");
            Check.eq(a.render(), b.render());
        });

        Check.run("alignment can be set after rows are added and changed again", () -> {
            TextTable t = new TextTable("K", "V").addRow("a", 5).addRow("b", 500);
            t.align(1, Align.CENTER);
            t.align(1, Align.RIGHT);
            Check.eq("K |   V\n--+----\na |   5\nb | 500\n", t.render());
        });

        Check.run("empty cells in aligned columns", () -> {
            String text = new TextTable("A", "B").align(1, Align.RIGHT).addRow("x").addRow("y", 42).render();
            Check.eq("A |  B\n--+---\nx |\ny | 42\n", text);
        });

        Check.run("bad column index", () -> {
            Check.fails(IndexOutOfBoundsException.class, () -> new TextTable("A").align(1, Align.RIGHT));
            Check.fails(IndexOutOfBoundsException.class, () -> new TextTable("A").align(-1, Align.RIGHT));
            Check.fails(NullPointerException.class, () -> new TextTable("A").align(0, null));
        });

        System.exit(Check.finish());
    }
}
