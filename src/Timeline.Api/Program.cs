using Timeline.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddTimeline();

var app = builder.Build();
app.MapTimeline();

return await app.RunTimelineAsync(args);

/// <summary>Visible to the integration tests' host.</summary>
public partial class Program;
