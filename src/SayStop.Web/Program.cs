using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Desk;
using SayStop.Web.Features.Go4Tips;
using SayStop.Web.Features.News;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Statistics;
using SayStop.Web.Infrastructure;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Infrastructure.Jobs;
using SayStop.Web.Infrastructure.Operations;

var builder = WebApplication.CreateBuilder(args);

builder.AddOperations();
builder.Services.AddSayStopData(builder.Configuration);
builder.Services.AddSite(builder.Configuration);
builder.Services.AddEmail(builder.Configuration);
builder.Services.AddJobs();
builder.Services.AddStaffAccounts();
builder.Services.AddNews();
builder.Services.AddReports(builder.Configuration);
builder.Services.AddDesk(builder.Configuration);
builder.Services.AddStatistics(builder.Configuration);
builder.Services.AddGo4Tips();

var app = builder.Build();

await app.MigrateAndSeedAsync();

app.UseSite();
app.MapOperations();
app.MapSite();
app.MapNewsEndpoints();
app.MapReportsEndpoints();
app.MapDeskEndpoints();

await app.RunAsync();

public partial class Program;
