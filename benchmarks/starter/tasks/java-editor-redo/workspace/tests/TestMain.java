import editor.TextBuffer;

public final class TestMain {
    public static void main(String[] args) {
        Check.run("edits and undo", () -> {
            TextBuffer b = new TextBuffer();
            b.append("hello");
            b.append(" world");
            b.delete(0, 1);
            b.insert(0, "J");
            Check.eq("Jello world", b.text());
            Check.isTrue(b.undo(), "undo insert");
            Check.isTrue(b.undo(), "undo delete");
            Check.eq("hello world", b.text());
            Check.isTrue(b.undo(), "undo append");
            Check.isTrue(b.undo(), "undo append");
            Check.eq("", b.text());
            Check.isTrue(!b.undo(), "nothing left");
        });

        Check.run("history limit", () -> {
            TextBuffer b = new TextBuffer(2);
            b.append("a");
            b.append("b");
            b.append("c");
            b.undo();
            b.undo();
            Check.isTrue(!b.undo(), "oldest step forgotten");
            Check.eq("a", b.text());
        });

        Check.run("range checks", () -> {
            TextBuffer b = new TextBuffer();
            Check.fails(IndexOutOfBoundsException.class, () -> b.insert(1, "x"));
            Check.fails(IndexOutOfBoundsException.class, () -> b.delete(0, 1));
        });

        System.exit(Check.finish());
    }
}
