namespace DgmAgent.Run;

// Raised for a bad command line or environment; Program turns it into exit code 64 and the usage text.
internal sealed class UsageException(string message) : Exception(message);
