namespace SayStop.Web.Tests.Infrastructure;

public static class Repo
{
    /// <summary>The repository root (the folder holding SayStop.slnx).</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SayStop.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SayStop.slnx not found above " + AppContext.BaseDirectory);
    }
}
