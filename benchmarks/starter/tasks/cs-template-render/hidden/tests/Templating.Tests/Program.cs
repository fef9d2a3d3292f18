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

Check.Run("formats numbers invariantly and null as empty", () =>
{
    var values = new Dictionary<string, object?> { ["price"] = 12.5m, ["note"] = null };
    Check.Equal("12.5|", r.Render("{{price}}|{{note}}", values));
});

Check.Run("a value containing braces is inserted literally", () =>
{
    var values = new Dictionary<string, object?> { ["comment"] = "use {{name}} in your template", ["name"] = "Bob" };
    Check.Equal("Bob wrote: use {{name}} in your template", r.Render("{{name}} wrote: {{comment}}", values));
});

Check.Run("a value containing an unknown placeholder is not an error", () =>
{
    var values = new Dictionary<string, object?> { ["subject"] = "Re: {{ticket}}" };
    Check.Equal("Subject: Re: {{ticket}}", r.Render("Subject: {{subject}}", values));
});

Check.Run("values are not expanded regardless of dictionary order", () =>
{
    var forward = new Dictionary<string, object?> { ["a"] = "{{b}}", ["b"] = "B" };
    var backward = new Dictionary<string, object?> { ["b"] = "B", ["a"] = "{{b}}" };
    Check.Equal("{{b}}-B", r.Render("{{a}}-{{b}}", forward), "a first");
    Check.Equal("{{b}}-B", r.Render("{{a}}-{{b}}", backward), "b first");
});

Check.Run("a value equal to its own placeholder is fine", () =>
{
    var values = new Dictionary<string, object?> { ["x"] = "{{x}}" };
    Check.Equal("[{{x}}]", r.Render("[{{x}}]", values));
});

Check.Run("missing value is still detected next to literal braces in values", () =>
{
    var values = new Dictionary<string, object?> { ["a"] = "{{b}}" };
    var ex = Check.Throws<MissingValueException>(() => r.Render("{{a}} {{c}}", values));
    Check.Equal("c", ex.Name);
});

Check.Run("adjacent placeholders", () =>
{
    var values = new Dictionary<string, object?> { ["first"] = "Grace", ["last"] = "Hopper" };
    Check.Equal("GraceHopper", r.Render("{{first}}{{last}}", values));
});

return Check.Finish();
