using Checks;
using Templating;

var r = new TemplateRenderer();

Check.Run("substitutes placeholders", () =>
{
    var values = new Dictionary<string, object?> { ["name"] = "Ada", ["count"] = 3 };
    Check.Equal("Hello Ada, you have 3 new messages.", r.Render("Hello {{name}}, you have {{count}} new messages.", values));
});

Check.Run("missing value throws", () =>
{
    var ex = Check.Throws<MissingValueException>(() => r.Render("Hi {{who}}", new Dictionary<string, object?>()));
    Check.Equal("who", ex.Name);
});

Check.Run("lists names", () =>
{
    Check.SequenceEqual(new[] { "a", "b.c" }, r.Names("{{a}} {{b.c}} {{a}}"));
});

return Check.Finish();
