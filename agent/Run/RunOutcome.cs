using DgmAgent.Model;

namespace DgmAgent.Run;

// Why a run ended, the exit code that reports it, and the tokens it spent.
internal sealed record RunOutcome(int ExitCode, string Reason, TokenUsage Usage);
