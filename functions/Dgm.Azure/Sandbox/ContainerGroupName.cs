using System.Security.Cryptography;
using System.Text;

namespace Dgm.Azure.Sandbox;

/// <summary>
/// The container group of a job: "dgm-{run}-{job}-{hash}", lower-case letters, digits and single hyphens, at most 63
/// characters (ACI's rule). The hash of the full run and job ids keeps names unique after the readable parts are
/// shortened, and makes the name a pure function of the ids, so any process can find a job's group again.
/// </summary>
public static class ContainerGroupName
{
    private const int MaxLength = 63;
    private const int HashLength = 10;

    public static string For(string runId, string jobId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{runId}\n{jobId}")))[..HashLength];
        var room = MaxLength - "dgm---".Length - HashLength;
        var run = Slug(runId, room / 3);
        var job = Slug(jobId, room - run.Length);
        return string.Join('-', new[] { "dgm", run, job, hash }.Where(part => part.Length > 0));
    }

    private static string Slug(string value, int maxLength)
    {
        var slug = new StringBuilder();
        foreach (var c in value.ToLowerInvariant())
        {
            var keep = c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (keep)
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var text = slug.ToString();
        return (text.Length > maxLength ? text[..maxLength] : text).Trim('-');
    }
}
