using System.Text;
using Dgm.Local.Sandbox;

namespace Dgm.Local.Tests.Sandbox;

public sealed class OutputClipperTests
{
    [Fact]
    public void Output_within_the_limit_is_kept_whole_however_it_arrives()
    {
        var clipper = new OutputClipper(10);
        foreach (var piece in new[] { "ab", "cdé", "fg" })
        {
            clipper.Append(Encoding.UTF8.GetBytes(piece));
        }

        Assert.False(clipper.Truncated);
        Assert.Equal("abcdéfg", clipper.Text());
    }

    [Fact]
    public void Past_the_limit_the_head_and_the_tail_are_kept_with_a_marker()
    {
        var clipper = new OutputClipper(10);
        clipper.Append(Encoding.ASCII.GetBytes("HEAD0"));
        for (var i = 0; i < 1000; i++)
        {
            clipper.Append(Encoding.ASCII.GetBytes("middle"));
        }

        clipper.Append(Encoding.ASCII.GetBytes("xyz"));
        clipper.Append(Encoding.ASCII.GetBytes("TA"));

        Assert.True(clipper.Truncated);
        Assert.Equal(6010, clipper.TotalBytes);
        Assert.Equal("HEAD0\n[... 6000 bytes of output omitted ...]\nxyzTA", clipper.Text());
    }

    [Fact]
    public void A_zero_limit_keeps_nothing_but_says_what_was_dropped()
    {
        var clipper = new OutputClipper(0);
        clipper.Append(new byte[100]);

        Assert.Equal("\n[... 100 bytes of output omitted ...]\n", clipper.Text());
    }
}
