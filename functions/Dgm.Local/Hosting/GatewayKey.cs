using System.Security.Cryptography;

namespace Dgm.Local.Hosting;

/// <summary>The gateway's signing key: 32 random bytes in a file only the owner can read, created on first use.</summary>
public static class GatewayKey
{
    public static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = RandomNumberGenerator.GetBytes(32);
        using (var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            file.Write(key);
        }

        return key;
    }
}
