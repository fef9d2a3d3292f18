namespace DgmAgent.Run;

// The process exit codes are part of the harness contract, so they live in one place.
internal static class ExitCodes
{
    // The run finished: the model stopped calling tools, or the turn limit was reached.
    public const int Success = 0;

    // A bug or an environment failure inside the agent itself (recorded in the transcript when possible).
    public const int InternalError = 1;

    // The model could not be reached or refused the request, after retries where retrying made sense.
    public const int ModelFailure = 2;

    // EX_USAGE from sysexits.h: the command line or the DGM_MODEL_* environment was wrong.
    public const int BadArguments = 64;
}
