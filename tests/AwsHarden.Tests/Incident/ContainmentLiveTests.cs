using System.Text.Json.Nodes;
using AwsHarden.Incident;
using AwsHarden.Model;
using Microsoft.Extensions.Time.Testing;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

/// <summary>The containment plan completed from given listings of the account (no endpoint).</summary>
public class ContainmentLiveTests
{
    private const string Leaked = "AKIAAAAAAAAAAAAAAAAA";
    private const string EvilKey = "AKIABBBBBBBBBBBBBBBB";
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.Parse("2024-08-02T12:00:00Z"));
    private static readonly HashSet<string> NoneStarted = [];

    // The leaked key of user ci creates user evil with a key; evil then signs in to the console.
    private static (LineageGraph Graph, Plan Plan) EvilChain()
    {
        var ci = User("ci", Leaked);
        var events = LineageBuilderTests.Parse(
        [
            Event("2024-08-01T10:01:00Z", "iam", "CreateUser", ci, new JsonObject { ["userName"] = "evil" },
                readOnly: false),
            Event("2024-08-01T10:02:00Z", "iam", "CreateAccessKey", ci, new JsonObject { ["userName"] = "evil" },
                new JsonObject { ["accessKey"] = new JsonObject { ["accessKeyId"] = EvilKey, ["userName"] = "evil" } },
                readOnly: false),
            Event("2024-08-01T10:03:00Z", "signin", "ConsoleLogin", User("evil", null), null,
                new JsonObject { ["ConsoleLogin"] = "Success" }),
        ]);
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = [Leaked] }, events);
        var lineageEvents = events.Where(e => graph.Attribute(e) is not null).ToList();
        return (graph, new ContainmentPlanner(Clock).Plan(graph, lineageEvents));
    }

    private static LiveUserCredentials Listing(IReadOnlyList<LineageUser> users, string name) =>
        new(users.Single(u => u.Name == name)) { Read = ["access keys"], Calls = 1 };

    [Fact]
    public void Users_LeakedKeyAndCreatedUser_TheKeysOwnerFirstThenTheAttackersUser()
    {
        var (graph, plan) = EvilChain();

        var users = ContainmentLive.Users(graph.Nodes, plan);

        Assert.Equal([("ci", false), ("evil", true)], users.Select(u => (u.Name, u.CreatedByAttacker)));
        Assert.Equal([Leaked, EvilKey], users[0].PlannedKeys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Complete_SignedInUserWithPasswordFoundLive_ManualStepBecomesTheApiRemovalInPlace()
    {
        var (graph, plan) = EvilChain();
        var users = ContainmentLive.Users(graph.Nodes, plan);
        var manual = plan.Steps.Single(s => s.Title == "Remove the console password of evil");
        Assert.Equal(PlanStepKind.Manual, manual.Kind);

        var completed = ContainmentLive.Complete(plan,
            [Listing(users, "ci"), Listing(users, "evil") with { LoginProfile = true }], [], NoneStarted, Clock);

        var step = completed.Steps.Single(s => s.Title == "Remove the console password of evil");
        Assert.Equal(PlanStepKind.Api, step.Kind);
        Assert.Equal("DeleteLoginProfile", Assert.Single(step.Calls).Operation);
        Assert.Equal(plan.Steps.ToList().IndexOf(manual), completed.Steps.ToList().IndexOf(step));
        Assert.Equal(plan.Steps.Count, completed.Steps.Count);
    }

    [Fact]
    public void Complete_KeyTheLogsShowAndAUserGone_NoDuplicateAndTheGoneUserNoted()
    {
        var (graph, plan) = EvilChain();
        var users = ContainmentLive.Users(graph.Nodes, plan);

        var completed = ContainmentLive.Complete(plan,
        [
            Listing(users, "ci") with { Exists = false, Read = [] },
            Listing(users, "evil") with { AccessKeys = [new LiveAccessKey(EvilKey, "Active", null)] },
        ], [], NoneStarted, Clock);

        Assert.Single(completed.Steps, s => s.Calls.Any(c => c.Parameters.GetValueOrDefault("AccessKeyId") == EvilKey));
        Assert.Equal(plan.Steps.Select(s => s.Title), completed.Steps.Select(s => s.Title));
        Assert.Contains(completed.Assumptions, a => a.StartsWith("User ci no longer exists", StringComparison.Ordinal));
        Assert.Contains(completed.Assumptions, a => a.Contains("(2 IAM calls): access keys of evil."));
    }

    [Fact]
    public void Complete_EveryReadRefused_NeverSaysTheAccountWasRead()
    {
        var (graph, plan) = EvilChain();
        var users = ContainmentLive.Users(graph.Nodes, plan);
        const string Denied = "access keys (AccessDenied on iam:ListAccessKeys)";

        var completed = ContainmentLive.Complete(plan,
        [
            new LiveUserCredentials(users[0]) { Unread = [Denied], Calls = 1 },
            new LiveUserCredentials(users[1]) { Unread = [Denied], Calls = 1 },
        ], [], NoneStarted, Clock);

        Assert.Equal(plan.Steps.Select(s => s.Title), completed.Steps.Select(s => s.Title));
        Assert.DoesNotContain(completed.Assumptions,
            a => a.StartsWith("Read from the account", StringComparison.Ordinal));
        Assert.Contains(completed.Assumptions, a => a.StartsWith("The account was not read (2 IAM calls",
            StringComparison.Ordinal));
        Assert.Contains($"Not read for user evil: {Denied}.", string.Join("\n", completed.Assumptions));
    }

    [Fact]
    public void Complete_LeakedKeyWhoseUserTheLogsDoNotName_NothingReadAndTheKeyNamed()
    {
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = [Leaked] }, []);
        var plan = new ContainmentPlanner(Clock).Plan(graph, []);

        Assert.Empty(ContainmentLive.Users(graph.Nodes, plan));
        var completed = ContainmentLive.Complete(plan, [], ContainmentLive.OwnerlessSeeds(graph.Nodes, plan),
            NoneStarted, Clock);

        Assert.Contains(completed.Assumptions, a => a.StartsWith("The account was not read: the lineage has no IAM "
            + "user", StringComparison.Ordinal));
        Assert.Contains(completed.Assumptions, a => a.Contains($"user of leaked key {Leaked}"));
    }

    [Fact]
    public void OwnerlessSeeds_LeakedRootKey_NotCountedAsAUserUnread()
    {
        var root = new JsonObject { ["type"] = "Root", ["accessKeyId"] = "AKIAROOTROOTROOTROOT" };
        var events = LineageBuilderTests.Parse(
            [Event("2024-08-01T10:00:00Z", "iam", "ListUsers", root, readOnly: true)]);
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAROOTROOTROOTROOT"] }, events);
        var plan = new ContainmentPlanner(Clock).Plan(graph, events);

        Assert.Contains(plan.Steps, s => s.Title == "Delete the root user's access key AKIAROOTROOTROOTROOT");
        Assert.Empty(ContainmentLive.OwnerlessSeeds(graph.Nodes, plan));
        Assert.Empty(ContainmentLive.Users(graph.Nodes, plan));
    }
}
