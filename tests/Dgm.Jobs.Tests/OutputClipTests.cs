using System.Text;

namespace Dgm.Jobs.Tests;

public sealed class OutputClipTests
{
    [Fact]
    public void Output_within_the_limit_is_kept_whole_however_it_arrives()
    {
        var clip = new OutputClip(10);
        foreach (var piece in new[] { "ab", "cdé", "fg" })
        {
            clip.Append(Encoding.UTF8.GetBytes(piece));
        }

        Assert.False(clip.Truncated);
        Assert.Equal("abcdéfg", clip.Text());
    }

    [Theory]
    [InlineData(200)]
    [InlineData(1000)]
    [InlineData(4096)]
    public void Past_the_limit_head_marker_and_tail_stay_within_it(int limit)
    {
        var clip = new OutputClip(limit);
        clip.Append(Encoding.ASCII.GetBytes("HEAD0"));
        for (var i = 0; i < 10_000; i++)
        {
            clip.Append(Encoding.ASCII.GetBytes("middle"));
        }

        clip.Append(Encoding.ASCII.GetBytes("the-end"));

        var kept = clip.ToArray();
        var text = Encoding.ASCII.GetString(kept);
        Assert.True(clip.Truncated);
        Assert.True(kept.Length <= limit, $"{kept.Length} bytes kept of a {limit}-byte limit");
        Assert.StartsWith("HEAD0", text, StringComparison.Ordinal);
        Assert.EndsWith("the-end", text, StringComparison.Ordinal);
        var omitted = long.Parse(System.Text.RegularExpressions.Regex.Match(text, @"\[\.\.\. (\d+) bytes omitted \.\.\.\]").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var marker = Clip.Marker(omitted, "bytes").Length;
        Assert.Equal(clip.TotalBytes, kept.Length - marker + omitted);
    }

    [Fact]
    public void A_limit_below_the_marker_keeps_the_marker_alone()
    {
        var clip = new OutputClip(0);
        clip.Append(new byte[100]);

        Assert.Equal(Clip.Marker(100, "bytes"), clip.Text());
    }

    [Fact]
    public void Text_clipping_keeps_head_and_tail_within_the_limit_with_the_same_marker()
    {
        var text = new string('a', 500) + new string('z', 500);

        var clipped = Clip.HeadAndTail(text, 300);
        var tail = Clip.Tail(text, 300);

        Assert.True(clipped.Length <= 300);
        Assert.StartsWith("aaa", clipped, StringComparison.Ordinal);
        Assert.EndsWith("zzz", clipped, StringComparison.Ordinal);
        Assert.Contains("characters omitted", clipped, StringComparison.Ordinal);
        Assert.True(tail.Length <= 300);
        Assert.EndsWith("zzz", tail, StringComparison.Ordinal);
        Assert.Equal("short", Clip.HeadAndTail("short", 300));
    }
}
