using System.Runtime.CompilerServices;

namespace Timeline.Api.Tests;

/// <summary>
/// Approval files: what a test produces is compared with a file checked in beside the test (<c>approved/</c>).
/// A difference fails the test and leaves what was produced as <c>.received.txt</c> beside it, to be read and,
/// if it is right, copied over the approved file.
/// </summary>
public static class Approved
{
    /// <summary>The approved files beside the calling test.</summary>
    public static string Folder([CallerFilePath] string caller = "") => Path.Combine(Path.GetDirectoryName(caller)!, "approved");

    public static void ShouldMatch(string actual, string name, [CallerFilePath] string caller = "")
    {
        var folder = Folder(caller);
        var approved = Path.Combine(folder, $"{name}.approved.txt");
        var received = Path.Combine(folder, $"{name}.received.txt");
        var expected = File.Exists(approved) ? File.ReadAllText(approved) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(received, actual);
        actual.ShouldBe(expected, $"{name} differs from {approved}; what the code produces is in {received}");
    }
}
