using Microsoft.Playwright;

namespace Dgm.Reports.Tests;

/// <summary>Debian's headless Chromium, driven by Playwright; no browser is ever downloaded.</summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots land in the test output folder, as artifacts of the run.</summary>
    public static string Screenshots => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Chromium with `bash infra/install-test-deps.sh` (Debian package chromium).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh page whose console errors, uncaught exceptions and requests are recorded.</summary>
    public async Task<WatchedPage> OpenAsync()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        return new WatchedPage(page);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>A page and what it did: console errors, uncaught exceptions, and every URL it requested.</summary>
public sealed class WatchedPage : IAsyncDisposable
{
    private readonly List<string> _errors = [];
    private readonly List<string> _requests = [];

    public WatchedPage(IPage page)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Add(_errors, $"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => Add(_errors, $"uncaught: {error}");
        page.Request += (_, request) => Add(_requests, request.Url);
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Errors => Snapshot(_errors);

    public IReadOnlyList<string> Requests => Snapshot(_requests);

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.Screenshots, name + ".png"), FullPage = true });

    public ValueTask DisposeAsync() => new(Page.CloseAsync());

    private static void Add(List<string> list, string item)
    {
        lock (list)
        {
            list.Add(item);
        }
    }

    private static List<string> Snapshot(List<string> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }
}
