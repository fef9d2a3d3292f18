namespace Dgm.Core.Archive;

/// <summary>The grade of one attempt at one task, in SWE-bench's vocabulary.</summary>
public enum AttemptStatus
{
    Resolved,
    Unresolved,
    EmptyPatch,
    Error,
}
