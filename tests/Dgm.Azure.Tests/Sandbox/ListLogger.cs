using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dgm.Azure.Tests.Sandbox;

/// <summary>Keeps every formatted log message, so tests can check what is logged and what never is.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
}
