using Autocomplete;
using Checks;

Check.Run("counts words case-insensitively", () =>
{
    var index = new WordIndex();
    index.Add("Apple");
    index.Add("apple");
    index.Add("apricot", 3);
    Check.Equal(2, index.Count("APPLE"), "apple");
    Check.Equal(3, index.Count("apricot"), "apricot");
    Check.Equal(0, index.Count("ap"), "prefix only");
    Check.Equal(2, index.DistinctWords, "distinct");
});

Check.Run("rejects blank words", () =>
{
    Check.Throws<ArgumentException>(() => new WordIndex().Add("  "));
});

static WordIndex Sample()
{
    var index = new WordIndex();
    index.Add("car", 5);
    index.Add("cart", 2);
    index.Add("carbon", 5);
    index.Add("care", 9);
    index.Add("cat", 1);
    index.Add("dog", 7);
    index.Add("ca", 1);
    return index;
}

Check.Run("suggests by count, then alphabetically", () =>
{
    Check.SequenceEqual(new[] { "care", "car", "carbon", "cart" }, Sample().Suggest("car", 10));
});

Check.Run("limit truncates the list", () =>
{
    Check.SequenceEqual(new[] { "care", "car", "carbon" }, Sample().Suggest("ca", 3));
});

Check.Run("prefix that is itself a word is included", () =>
{
    Check.SequenceEqual(new[] { "care", "car", "carbon", "cart", "ca", "cat" }, Sample().Suggest("ca", 100));
});

Check.Run("prefix is case-insensitive and trimmed", () =>
{
    Check.SequenceEqual(new[] { "care", "car" }, Sample().Suggest("  CAR ", 2));
});

Check.Run("unknown prefix gives an empty list", () =>
{
    Check.SequenceEqual(Array.Empty<string>(), Sample().Suggest("x", 5));
    Check.SequenceEqual(Array.Empty<string>(), Sample().Suggest("cartwheel", 5));
});

Check.Run("empty prefix suggests from all words", () =>
{
    Check.SequenceEqual(new[] { "care", "dog", "car", "carbon" }, Sample().Suggest("", 4));
});

Check.Run("zero limit gives an empty list, negative limit throws", () =>
{
    Check.SequenceEqual(Array.Empty<string>(), Sample().Suggest("c", 0));
    Check.Throws<ArgumentOutOfRangeException>(() => Sample().Suggest("c", -1));
});

Check.Run("counts added later change the order", () =>
{
    var index = Sample();
    index.Add("cat", 20);
    Check.SequenceEqual(new[] { "cat", "care" }, index.Suggest("c", 2));
});

Check.Run("ordinal ordering for ties", () =>
{
    var index = new WordIndex();
    index.Add("b-side");
    index.Add("b2");
    index.Add("ba");
    index.Add("b");
    Check.SequenceEqual(new[] { "b", "b-side", "b2", "ba" }, index.Suggest("b", 10));
});

return Check.Finish();
