package editor;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The text of one note in the notes app, with undo.
 *
 * <p>Every successful {@link #insert} or {@link #delete} is one undo step. At most
 * {@code historyLimit} steps are kept; when more are recorded the oldest ones are forgotten.
 */
public final class TextBuffer {
    private final StringBuilder text = new StringBuilder();
    private final Deque<Edit> undo = new ArrayDeque<>();
    private final int historyLimit;

    public TextBuffer(int historyLimit) {
        if (historyLimit < 1) {
            throw new IllegalArgumentException("history limit must be at least 1");
        }
        this.historyLimit = historyLimit;
    }

    public TextBuffer() {
        this(100);
    }

    public String text() {
        return text.toString();
    }

    public int length() {
        return text.length();
    }

    /** Inserts {@code s} at {@code position} (0..length). Inserting "" is not recorded. */
    public void insert(int position, String s) {
        if (position < 0 || position > text.length()) {
            throw new IndexOutOfBoundsException("position " + position);
        }
        if (s.isEmpty()) {
            return;
        }
        record(new Edit.Insert(position, s));
    }

    /** Deletes {@code count} characters starting at {@code position}. Deleting 0 is not recorded. */
    public void delete(int position, int count) {
        if (position < 0 || count < 0 || position + count > text.length()) {
            throw new IndexOutOfBoundsException("range " + position + "+" + count);
        }
        if (count == 0) {
            return;
        }
        record(new Edit.Delete(position, text.substring(position, position + count)));
    }

    public void append(String s) {
        insert(text.length(), s);
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    /** Reverts the most recent edit. Returns false when there is nothing to undo. */
    public boolean undo() {
        Edit edit = undo.pollFirst();
        if (edit == null) {
            return false;
        }
        edit.revert(text);
        return true;
    }

    private void record(Edit edit) {
        edit.apply(text);
        undo.addFirst(edit);
        while (undo.size() > historyLimit) {
            undo.removeLast();
        }
    }
}
