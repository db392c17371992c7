using System.Text.Json.Nodes;
using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Remediation;
using Microsoft.Extensions.Time.Testing;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

/// <summary>Containment of sessions: leaked ASIA keys, a followed role, users seen in the console.</summary>
public class ContainmentSessionTests
{
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.Parse("2024-08-02T12:00:00Z"));

    private static Plan Contain(LineageSeeds seeds, params JsonObject[] records)
    {
        var events = LineageBuilderTests.Parse(records);
        var graph = LineageBuilder.Build(seeds, events);
        return new ContainmentPlanner(Clock).Plan(graph, events.Where(e => graph.Attribute(e) is not null).ToList());
    }

    private static PlanStep Deny(Plan plan, string operation) =>
        Assert.Single(plan.Steps, s => s.Calls.Any(c => c.Operation == operation));

    [Fact]
    public void Plan_LeakedInstanceRoleSession_DeniesTheIssuingRoleAndNotesTheInstance()
    {
        var who = RoleSession("web-role", "ASIAAAAAAAAAAAAAAAAA");
        who["arn"] = $"arn:aws:sts::{Account}:assumed-role/web-role/i-0abc";
        var plan = Contain(new LineageSeeds { AccessKeyIds = ["ASIAAAAAAAAAAAAAAAAA"] },
            Event("2024-08-01T10:00:00Z", "s3", "ListBuckets", who, readOnly: true));

        var deny = Deny(plan, "PutRolePolicy");
        Assert.Equal("web-role", deny.Calls[0].Parameters["RoleName"]);
        Assert.Contains("2024-08-02T12:00:00Z", deny.Calls[0].Parameters["PolicyDocument"]);
        Assert.Contains(plan.Steps, s => s.Title.Contains("i-0abc", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_LeakedUserSessionToken_DeniesTheUser()
    {
        var who = new JsonObject
        {
            ["type"] = "IAMUser", ["arn"] = $"arn:aws:iam::{Account}:user/dev", ["accountId"] = Account,
            ["accessKeyId"] = "ASIABBBBBBBBBBBBBBBB", ["userName"] = "dev",
        };
        var plan = Contain(new LineageSeeds { AccessKeyIds = ["ASIABBBBBBBBBBBBBBBB"] },
            Event("2024-08-01T10:00:00Z", "s3", "ListBuckets", who, readOnly: true));

        Assert.Equal("dev", Deny(plan, "PutUserPolicy").Calls[0].Parameters["UserName"]);
    }

    [Fact]
    public void Plan_LeakedSessionWithUnknownIssuer_SaysItIsNotContained()
    {
        var plan = Contain(new LineageSeeds { AccessKeyIds = ["ASIACCCCCCCCCCCCCCCC"] });

        Assert.Contains(plan.Steps, s => s.Title == "Temporary credentials ASIACCCCCCCCCCCCCCCC are NOT contained "
            + "by this plan" && s.Kind == PlanStepKind.Manual);
    }

    [Fact]
    public void Plan_FollowedRole_DeniesItsSessions()
    {
        var plan = Contain(new LineageSeeds { RoleArn = $"arn:aws:iam::{Account}:role/ec2-admin" },
            Event("2024-08-01T10:00:00Z", "s3", "ListBuckets", RoleSession("ec2-admin", "ASIADDDDDDDDDDDDDDDD"),
                readOnly: true));

        Assert.Equal("ec2-admin", Deny(plan, "PutRolePolicy").Calls[0].Parameters["RoleName"]);
    }

    [Fact]
    public void Plan_FollowedUserSignedInToConsole_RemovesPasswordAndDeniesSessions()
    {
        var console = User("svc", null);
        var plan = Contain(new LineageSeeds { UserName = "svc" },
            Event("2024-08-01T10:00:00Z", "signin", "ConsoleLogin", console),
            Event("2024-08-01T10:02:00Z", "ec2", "AuthorizeSecurityGroupIngress", console,
                new JsonObject { ["groupId"] = "sg-1" }, readOnly: false));

        Assert.Equal("svc", Deny(plan, "PutUserPolicy").Calls[0].Parameters["UserName"]);
        var password = Assert.Single(plan.Steps, s => s.Title == "Remove the console password of svc");
        Assert.Equal(PlanStepKind.Manual, password.Kind);
        Assert.Contains("DeleteLoginProfile", password.Reason);
    }

    [Fact]
    public void Plan_FollowedUserWithoutConsoleUse_HasNoPasswordStep()
    {
        var plan = Contain(new LineageSeeds { UserName = "svc" },
            Event("2024-08-01T10:00:00Z", "s3", "ListBuckets", User("svc", "AKIAEEEEEEEEEEEEEEEE"), readOnly: true));

        Assert.DoesNotContain(plan.Steps, s => s.Title.Contains("console password", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Steps, s => s.Calls.Any(c => c.Operation == "PutUserPolicy"));
    }
}
