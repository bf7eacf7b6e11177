namespace Timeline.Web.Tests;

/// <summary>
/// The built service as a process in Development with the demo data on a fresh database, and one
/// headless Chromium (Debian's, at <c>/usr/bin/chromium</c>: Playwright cannot download its own here).
/// Shared by every browser test, which run one after another: they share the service's data and two cores.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where the browser is unless <c>TIMELINE_CHROMIUM</c> says otherwise.</summary>
    public const string DefaultChromium = "/usr/bin/chromium";

    /// <summary>A wait on the page: long enough for a slow shared machine, short enough to fail fast.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private IPlaywright? _playwright;

    public ServiceNode Node { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseUrl => Node.Http.BaseAddress!;

    /// <summary>Screenshots are test artifacts beside the test assembly.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
        var chromium = Environment.GetEnvironmentVariable("TIMELINE_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultChromium;
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {chromium}, and it is not there. Install it with " +
                "'sudo apt-get install -y chromium' (.ci/run does), or point TIMELINE_CHROMIUM at a Chromium binary.");
        }

        var launching = LaunchAsync(chromium);
        Node = await ServiceNode.StartAsync(await TestDatabase.CreateDatabaseAsync("web"), ("Timeline__SeedDemoData", "true"));
        await Node.Process.WaitForAsync(Node.Http, "/api/sagas/ibrahima-konate", TimeSpan.FromMinutes(2));
        (await Node.Http.GetFromJsonAsync<JsonElement>("/api/sagas")).GetArrayLength().ShouldBe(3, "the demo data has three sagas");
        Browser = await launching;
        Directory.CreateDirectory(Screenshots);
    }

    private async Task<IBrowser> LaunchAsync(string chromium)
    {
        _playwright = await Playwright.CreateAsync();
        return await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            Timeout = 30_000,
        });
    }

    /// <summary>A new browser context and page at <paramref name="path"/>, watched for console errors.</summary>
    public async Task<BrowserPage> OpenAsync(string path, ViewportSize? viewport = null, Func<IPage, Task>? before = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            ViewportSize = viewport ?? Viewports.Desktop,
            DeviceScaleFactor = 1,
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        var page = await context.NewPageAsync();
        var opened = new BrowserPage(context, page);
        if (before is not null)
        {
            await before(page);
        }

        await page.GotoAsync(path);
        await page.WaitForSelectorAsync("body[data-ready='true']");
        return opened;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }
    }
}

public static class Viewports
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    /// <summary>A common phone: 390 CSS pixels wide.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>
/// One open page. Everything the page logs as an error and every uncaught exception is kept, so a
/// test can assert there was none (a Content-Security-Policy violation is a console error too).
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    public BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.SetDefaultTimeout((float)BrowserFixture.Patience.TotalMilliseconds);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"console: {message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add($"uncaught: {error}");
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public void ShouldHaveNoConsoleErrors(Func<string, bool>? expected = null) =>
        Errors.Where(e => expected is null || !expected(e)).ShouldBeEmpty();

    /// <summary>Saves the whole page, or with <paramref name="fullPage"/> false only what the window shows.</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = true)
    {
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(BrowserFixture.Screenshots, $"{name}.png"),
            FullPage = fullPage,
            Animations = ScreenshotAnimations.Disabled,
        });
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
