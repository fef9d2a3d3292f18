namespace Dgm.Local.Doctor;

public enum CheckStatus
{
    Ok,
    Warn,
    Fail,
}

/// <summary>One line of `dgm doctor`: what was checked, how it stands, what was found and, unless ok, how to fix it.</summary>
public sealed record DoctorCheck(string Name, CheckStatus Status, string Detail, string Fix = "")
{
    public static DoctorCheck Ok(string name, string detail) => new(name, CheckStatus.Ok, detail);

    public static DoctorCheck Warn(string name, string detail, string fix) => new(name, CheckStatus.Warn, detail, fix);

    public static DoctorCheck Fail(string name, string detail, string fix) => new(name, CheckStatus.Fail, detail, fix);
}
