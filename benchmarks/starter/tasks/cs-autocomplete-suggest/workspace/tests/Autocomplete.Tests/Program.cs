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

return Check.Finish();
