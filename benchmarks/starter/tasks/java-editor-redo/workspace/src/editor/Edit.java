package editor;

/** A reversible change to a {@link StringBuilder}. */
interface Edit {
    void apply(StringBuilder text);

    void revert(StringBuilder text);

    /** Inserts {@code inserted} at {@code position}. */
    record Insert(int position, String inserted) implements Edit {
        @Override
        public void apply(StringBuilder text) {
            text.insert(position, inserted);
        }

        @Override
        public void revert(StringBuilder text) {
            text.delete(position, position + inserted.length());
        }
    }

    /** Removes {@code removed}, which starts at {@code position}. */
    record Delete(int position, String removed) implements Edit {
        @Override
        public void apply(StringBuilder text) {
            text.delete(position, position + removed.length());
        }

        @Override
        public void revert(StringBuilder text) {
            text.insert(position, removed);
        }
    }
}
