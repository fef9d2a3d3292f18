namespace DgmAgent.Model;

// The model could not give an answer (after retries where they made sense); ends the run with exit code 2.
internal sealed class ModelCallException(string message) : Exception(message);
