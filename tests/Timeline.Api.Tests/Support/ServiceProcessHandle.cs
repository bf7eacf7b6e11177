namespace Timeline.Api.Tests;

/// <summary>A started <c>Timeline.Api</c> process and everything it printed.</summary>
public sealed class ServiceProcessHandle : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private ServiceProcessHandle(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                lock (_error)
                {
                    return _output + Environment.NewLine + _error;
                }
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static ServiceProcessHandle Start(string workingDirectory, string url, params (string Name, string Value)[] environment) =>
        Start(workingDirectory, url, [], environment);

    public static ServiceProcessHandle Start(
        string workingDirectory, string url, string[] arguments, params (string Name, string Value)[] environment)
    {
        var api = ApiAssembly();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(api);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(api)!;
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment.Remove("ConnectionStrings__Timeline");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new ServiceProcessHandle(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    public async Task<JsonElement> WaitForAsync(HttpClient http, string path, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < budget)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {_process.ExitCode}:{Environment.NewLine}{Output}");
            }

            try
            {
                using var response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                    if (body.GetProperty("claims").GetInt32() > 0)
                    {
                        return body;
                    }
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{path} was not served within {budget}:{Environment.NewLine}{Output}");
    }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Asks the service to stop as Ctrl+C or a container runtime would (SIGTERM), and waits.</summary>
    public async Task<int> StopAsync()
    {
        await TerminateAsync();
        return await WaitForExitAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>Sends SIGTERM and returns at once, so a test can watch what the service does while it stops.</summary>
    public Task TerminateAsync() => SignalAsync("-TERM");

    /// <summary>Freezes the process with SIGSTOP, as a long GC pause or a starved VM would: its sockets stay open, it answers nothing.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>Lets a paused process run on (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString()]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Ends the process with SIGKILL, as a crash, the OOM killer or a pulled plug would: none of its shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task<int> WaitForExitAsync(TimeSpan budget)
    {
        using var timeout = new CancellationTokenSource(budget);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder into, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (into)
        {
            into.AppendLine(line);
        }
    }

    /// <summary>The service as built beside these tests: src/Timeline.Api/bin/{Configuration}/{tfm}/Timeline.Api.dll.</summary>
    private static string ApiAssembly() => BuiltAssembly(Path.Combine("src", "Timeline.Api"), "Timeline.Api.dll");

    /// <summary>
    /// An assembly of the solution as built beside these tests, in the same configuration and target
    /// framework: <paramref name="project"/>/bin/{Configuration}/{tfm}/<paramref name="assembly"/>.
    /// </summary>
    public static string BuiltAssembly(string project, string assembly)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepositoryRoot(), project, "bin", testBin.Parent!.Name, testBin.Name, assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first.", path);
    }

    /// <summary>The directory holding Timeline.sln, above the test output.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Timeline.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Timeline.sln not found above the test output.");
    }
}
