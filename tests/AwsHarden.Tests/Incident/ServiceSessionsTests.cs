using System.Text.Json.Nodes;
using AwsHarden.Incident;
using Microsoft.Extensions.Time.Testing;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

public class ServiceSessionsTests
{
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.Parse("2024-08-02T00:00:00Z"));

    private static JsonObject ServiceAssume(string time, string role, string key) => Event(time, "sts",
        "AssumeRole", new JsonObject { ["type"] = "AWSService", ["invokedBy"] = "lambda.amazonaws.com" },
        new JsonObject { ["roleArn"] = $"arn:aws:iam::{Account}:role/{role}", ["roleSessionName"] = "fn" },
        new JsonObject { ["credentials"] = new JsonObject { ["accessKeyId"] = key, ["sessionToken"] = "TOKEN" } });

    [Fact]
    public async Task InvestigateAsync_LambdaAssumesRoleTheAttackerCreated_SessionJoinsTheLineage()
    {
        using var dir = new TempFolder();
        var attacker = User("ci", "AKIAAAAAAAAAAAAAAAAA");
        var created = Event("2024-08-01T10:00:00Z", "iam", "CreateRole", attacker,
            new JsonObject { ["roleName"] = "backdoor" },
            new JsonObject { ["role"] = new JsonObject { ["arn"] = $"arn:aws:iam::{Account}:role/backdoor" } });
        dir.Write("a.json", Records(
            ServiceAssume("2024-08-01T09:00:00Z", "backdoor", "ASIAEARLIERSESSION01"),
            created,
            ServiceAssume("2024-08-01T11:00:00Z", "backdoor", "ASIALAMBDASESSION001"),
            ServiceAssume("2024-08-01T11:00:00Z", "app", "ASIAUNRELATEDSESS001"),
            Event("2024-08-01T11:01:00Z", "s3", "ListBuckets", RoleSession("backdoor", "ASIALAMBDASESSION001"))));

        var report = await new IncidentInvestigator(Clock).InvestigateAsync(new InvestigationRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, LogPaths = [dir.Path],
        });

        var session = report.Lineage.Single(n => n.Id == "ASIALAMBDASESSION001");
        Assert.Equal($"arn:aws:iam::{Account}:role/backdoor", session.ParentId);
        Assert.DoesNotContain(report.Lineage, n => n.Id is "ASIAEARLIERSESSION01" or "ASIAUNRELATEDSESS001");
        Assert.Contains(report.Timeline, t => t.EventName == "ListBuckets" && t.Credential == session.Id);
    }

    [Fact]
    public void RoleOf_UserIssuedOrFailedAssumeRole_IsNotAServiceSession()
    {
        var byUser = Parse(Event("2024-08-01T10:00:00Z", "sts", "AssumeRole", User("bob", "AKIABOBBOBBOBBOBBOBB"),
            new JsonObject { ["roleArn"] = "arn:aws:iam::1:role/r" },
            new JsonObject { ["credentials"] = new JsonObject { ["accessKeyId"] = "ASIA1" } }));
        var failed = Parse(ServiceAssume("2024-08-01T10:00:00Z", "r", "ASIA2")) with { ErrorCode = "AccessDenied" };
        var byService = Parse(ServiceAssume("2024-08-01T10:00:00Z", "path/r", "ASIA3"));

        Assert.Null(ServiceSessions.RoleOf(byUser));
        Assert.Null(ServiceSessions.RoleOf(failed));
        Assert.Equal("r", ServiceSessions.RoleOf(byService));
    }

    private static CloudTrailEvent Parse(JsonObject record)
    {
        CloudTrailEvent? parsed = null;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(record.ToJsonString()));
        new CloudTrailParser(new CloudTrailReadOptions(), new ReadReport()).Parse(stream, "t", e => parsed = e);
        return parsed!;
    }
}
