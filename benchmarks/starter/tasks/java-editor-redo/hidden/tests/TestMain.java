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

        Check.run("redo after undo", () -> {
            TextBuffer b = new TextBuffer();
            b.append("one");
            b.append(" two");
            Check.isTrue(!b.canRedo(), "nothing to redo yet");
            b.undo();
            Check.isTrue(b.canRedo(), "can redo");
            Check.isTrue(b.redo(), "redo");
            Check.eq("one two", b.text());
            Check.isTrue(!b.redo(), "nothing more to redo");
            Check.isTrue(!b.canRedo(), "canRedo false");
        });

        Check.run("undo and redo several steps", () -> {
            TextBuffer b = new TextBuffer();
            b.append("abc");
            b.delete(1, 1);
            b.insert(1, "XY");
            Check.eq("aXYc", b.text());
            b.undo();
            b.undo();
            b.undo();
            Check.eq("", b.text());
            b.redo();
            Check.eq("abc", b.text());
            b.redo();
            Check.eq("ac", b.text());
            b.undo();
            Check.eq("abc", b.text());
            b.redo();
            b.redo();
            Check.eq("aXYc", b.text());
            Check.isTrue(!b.redo(), "end of redo");
        });

        Check.run("a new edit clears the redo history", () -> {
            TextBuffer b = new TextBuffer();
            b.append("draft");
            b.append(" one");
            b.undo();
            b.append(" two");
            Check.isTrue(!b.canRedo(), "redo cleared");
            Check.isTrue(!b.redo(), "redo does nothing");
            Check.eq("draft two", b.text());
            b.undo();
            Check.eq("draft", b.text());
        });

        Check.run("no-op edits do not clear the redo history", () -> {
            TextBuffer b = new TextBuffer();
            b.append("x");
            b.undo();
            b.append("");
            b.delete(0, 0);
            Check.isTrue(b.redo(), "redo still possible");
            Check.eq("x", b.text());
        });

        Check.run("redo then undo is symmetric", () -> {
            TextBuffer b = new TextBuffer();
            b.append("hello");
            b.delete(0, 2);
            b.undo();
            b.redo();
            Check.eq("llo", b.text());
            Check.isTrue(b.canUndo(), "redone step can be undone");
            b.undo();
            Check.eq("hello", b.text());
        });

        Check.run("redo respects the history limit", () -> {
            TextBuffer b = new TextBuffer(2);
            b.append("a");
            b.append("b");
            b.append("c");
            b.undo();
            b.undo();
            Check.eq("a", b.text());
            b.redo();
            b.redo();
            Check.eq("abc", b.text());
            b.undo();
            b.undo();
            Check.isTrue(!b.undo(), "still only two undo steps");
        });

        Check.run("failed edits change nothing", () -> {
            TextBuffer b = new TextBuffer();
            b.append("ab");
            b.undo();
            Check.fails(IndexOutOfBoundsException.class, () -> b.insert(5, "x"));
            Check.isTrue(b.canRedo(), "redo kept after a rejected edit");
        });

        System.exit(Check.finish());
    }
}
