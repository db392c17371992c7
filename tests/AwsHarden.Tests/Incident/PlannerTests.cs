using System.Text.Json.Nodes;
using AwsHarden.Incident;
using AwsHarden.Remediation;
using AwsHarden.Model;
using Microsoft.Extensions.Time.Testing;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

public class PlannerTests
{
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.Parse("2024-08-02T12:00:00Z"));
    private static readonly JsonObject Attacker = User("ci", "AKIAAAAAAAAAAAAAAAAA");

    private static JsonObject Write(string minute, string source, string name, JsonObject? request = null,
        JsonObject? response = null) =>
        Event($"2024-08-01T10:{minute}:00Z", source, name, Attacker, request, response, readOnly: false);

    [Fact]
    public void Plan_MixedWrites_RevertsDetectionThenComputeThenIamThenConfiguration()
    {
        var events = LineageBuilderTests.Parse(
        [
            Write("01", "iam", "CreateUser", new JsonObject { ["userName"] = "evil" }),
            Write("02", "iam", "AttachUserPolicy", new JsonObject { ["userName"] = "evil", ["policyArn"] = "arn:p" }),
            Write("03", "iam", "CreateAccessKey", new JsonObject { ["userName"] = "evil" },
                new JsonObject { ["accessKey"] = new JsonObject { ["accessKeyId"] = "AKIAEEEEEEEEEEEEEEEE" } }),
            Write("04", "ec2", "AuthorizeSecurityGroupIngress", new JsonObject { ["groupId"] = "sg-1" },
                new JsonObject { ["securityGroupRuleSet"] = new JsonObject { ["items"] = new JsonArray(
                    new JsonObject { ["securityGroupRuleId"] = "sgr-1" }) } }),
            Write("05", "ec2", "RunInstances", null, new JsonObject { ["instancesSet"] = new JsonObject
            {
                ["items"] = new JsonArray(new JsonObject { ["instanceId"] = "i-1" }),
            } }),
            Write("06", "cloudtrail", "StopLogging", new JsonObject { ["name"] = "main" }),
            Write("07", "route53", "ChangeResourceRecordSets", new JsonObject { ["hostedZoneId"] = "Z1" }),
        ]);

        var plan = new RevertPlanner(Clock).Plan(events);

        var operations = plan.Steps.Select(s => s.Calls.FirstOrDefault()?.Operation ?? "manual").ToList();
        Assert.Equal(["StartLogging", "TerminateInstances", "DeleteAccessKey", "DetachUserPolicy", "DeleteUser",
            "RevokeSecurityGroupIngress", "manual"], operations);
        Assert.Contains("ChangeResourceRecordSets", plan.Steps[^1].Reason);
        Assert.Equal("i-1", plan.Steps[1].Calls[0].Parameters["InstanceIds"]);
        // fix undo cannot re-open what the revert closed, and the plan must not read as if it would.
        Assert.StartsWith("not undone by awsharden", plan.Steps[5].Undo);
        Assert.Contains("AuthorizeSecurityGroupIngress again by hand", plan.Steps[5].Undo);
        Assert.Equal(["revert-01", "revert-02"], plan.Steps.Take(2).Select(s => s.Id));
    }

    [Fact]
    public void Plan_BulkS3Download_OneAssessStepPerBucketAndLoneObjectStaysRotate()
    {
        var reads = Enumerable.Range(0, 2000).Select(i => Event($"2024-08-01T10:{i / 100:00}:{i % 60:00}Z", "s3",
            "GetObject", Attacker, new JsonObject
            {
                ["bucketName"] = "customer-exports", ["key"] = $"2024/rows/row-{i:00000}.csv",
            }, readOnly: true));
        var events = LineageBuilderTests.Parse([.. reads, Event("2024-08-01T11:00:00Z", "s3", "GetObject", Attacker,
            new JsonObject { ["bucketName"] = "config", ["key"] = "prod/.env" }, readOnly: true)]);

        var plan = new RevertPlanner(Clock).Plan(events);

        Assert.Equal(["Assess the 2000 objects read from bucket s3://customer-exports",
            "Rotate S3 object s3://config/prod/.env"], plan.Steps.Select(s => s.Title).Order(StringComparer.Ordinal));
        var bucket = plan.Steps.Single(s => s.Title.StartsWith("Assess", StringComparison.Ordinal));
        Assert.Equal(PlanStepKind.Manual, bucket.Kind);
        Assert.Contains("all under 2024/rows/", bucket.Reason);
        Assert.Contains("between 2024-08-01 10:00:00Z and 2024-08-01 10:19:59Z", bucket.Reason);
        Assert.Contains("2024/rows/row-00000.csv", bucket.Reason);
        Assert.DoesNotContain("row-01999.csv", bucket.Reason);
        Assert.Equal(5, bucket.EventIds.Count);
    }

    [Fact]
    public void Plan_SecretsRead_BecomeRotateSteps()
    {
        var events = LineageBuilderTests.Parse(
        [
            Event("2024-08-01T10:00:00Z", "secretsmanager", "GetSecretValue", Attacker,
                new JsonObject { ["secretId"] = "prod/db" }, readOnly: true),
            Event("2024-08-01T10:01:00Z", "ssm", "GetParameter", Attacker,
                new JsonObject { ["name"] = "/app/key" }, readOnly: true),
            Event("2024-08-01T10:02:00Z", "ssm", "GetParameter", Attacker,
                new JsonObject { ["name"] = "/denied" }, error: "AccessDenied"),
        ]);

        var plan = new RevertPlanner(Clock).Plan(events);

        Assert.Equal(["Rotate Secrets Manager secret prod/db", "Rotate SSM parameter /app/key"],
            plan.Steps.Select(s => s.Title));
        Assert.All(plan.Steps, s => Assert.Equal(PlanStepKind.Manual, s.Kind));
    }

    [Fact]
    public void Plan_ChainWithRoleSession_ContainsKeysDenyPasswordAndRootSteps()
    {
        var chain = Chain().ToList();
        chain.Add(Write("09", "iam", "CreateLoginProfile", new JsonObject { ["userName"] = "evil" }));
        var events = LineageBuilderTests.Parse(chain);
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, events);
        var lineageEvents = events.Where(e => graph.Attribute(e) is not null).ToList();

        var plan = new ContainmentPlanner(Clock).Plan(graph, lineageEvents);

        var deactivate = plan.Steps.Where(s => s.Calls.Any(c => c.Operation == "UpdateAccessKey")).ToList();
        Assert.Equal(["AKIAAAAAAAAAAAAAAAAA", "AKIABBBBBBBBBBBBBBBB"],
            deactivate.Select(s => s.Calls[0].Parameters["AccessKeyId"]));
        Assert.Equal("evil", deactivate[1].Calls[0].Parameters["UserName"]);
        var deny = Assert.Single(plan.Steps, s => s.Calls.Any(c => c.Operation == "PutRolePolicy"));
        Assert.Equal("admin", deny.Calls[0].Parameters["RoleName"]);
        Assert.Contains("\"aws:TokenIssueTime\":\"2024-08-02T12:00:00Z\"", deny.Calls[0].Parameters["PolicyDocument"]);
        // The attacker created evil and set its password: nobody else holds it, so the API removes it.
        var password = Assert.Single(plan.Steps, s => s.Title == "Remove the console password of evil");
        Assert.Equal(PlanStepKind.Api, password.Kind);
        Assert.Equal("evil", Assert.Single(password.Calls, c => c.Operation == "DeleteLoginProfile")
            .Parameters["UserName"]);
        Assert.Equal(new ResourceKey("iam:login-profile", "evil"), password.Target!.Key);
        Assert.Equal(PlanStepKind.Manual, plan.Steps[^1].Kind);
        Assert.All(plan.Steps.Where(s => s.Kind == PlanStepKind.Api), s =>
        {
            Assert.Subset(s.IamActions.ToHashSet(), s.Calls.Concat(s.UndoCalls).Select(c => c.IamAction).ToHashSet());
            Assert.NotNull(s.Target);
            // Every API step can be undone except removing a password, which IAM keeps no copy of.
            Assert.True(s.UndoCalls.Count > 0 || s == password, s.Title);
        });
        Assert.Equal(new ResourceKey("iam:inline-policy", "role|admin|AwsHardenRevokeOlderSessions"), deny.Target!.Key);
        Assert.Equal("2024-08-02T12:00:00Z", deny.Target.Attributes["TokenIssueTime"]);
        Assert.Equal("DeleteRolePolicy", Assert.Single(deny.UndoCalls).Operation);
    }

    [Fact]
    public void Plan_PasswordChangedOnUserThatExistedBefore_StaysManual()
    {
        // The leaked key's own user had its password changed: a real person's, perhaps, and IAM keeps no copy.
        var events = LineageBuilderTests.Parse(
        [
            Write("01", "iam", "UpdateLoginProfile", new JsonObject { ["userName"] = "alice" }),
            Write("02", "iam", "CreateLoginProfile", new JsonObject { ["userName"] = "bob" }),
        ]);
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, events);

        var lineageEvents = events.Where(e => graph.Attribute(e) is not null).ToList();

        var plan = new ContainmentPlanner(Clock).Plan(graph, lineageEvents);

        var steps = plan.Steps.Where(s => s.Title.StartsWith("Remove the console password", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(["Remove the console password of alice", "Remove the console password of bob"],
            steps.Select(s => s.Title).Order(StringComparer.Ordinal));
        Assert.All(steps, s => Assert.Equal(PlanStepKind.Manual, s.Kind));
        Assert.DoesNotContain(plan.Steps, s => s.Calls.Any(c => c.Operation == "DeleteLoginProfile"));
    }

    [Fact]
    public void Plan_LoggingStoppedByArn_StartsTheTrailInItsHomeRegion()
    {
        var events = LineageBuilderTests.Parse(
        [
            Write("02", "cloudtrail", "StopLogging",
                new JsonObject { ["name"] = "arn:aws:cloudtrail:eu-west-1:111122223333:trail/main" }),
        ]);
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, events);

        var start = new ContainmentPlanner(Clock).Plan(graph, events).Steps[0];

        Assert.Equal(new ResourceKey("cloudtrail:trail", "main", "eu-west-1"), start.Target!.Key);
        Assert.Equal("true", start.Target.Attributes["IsLogging"]);
        Assert.Equal("eu-west-1", start.Calls[0].Region);
        Assert.Equal("StopLogging", Assert.Single(start.UndoCalls).Operation);
    }

    [Fact]
    public void Plan_DetectorDisabled_EnabledAgainWithStateReadAndUndo()
    {
        var events = LineageBuilderTests.Parse(
        [
            Write("02", "guardduty", "UpdateDetector", new JsonObject { ["detectorId"] = "d1", ["enable"] = "false" }),
        ]);
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, events);

        var step = new ContainmentPlanner(Clock).Plan(graph, events).Steps[0];

        Assert.Equal(PlanStepKind.Api, step.Kind);
        Assert.Equal("true", step.Calls[0].Parameters["Enable"]);
        Assert.Equal(ResourceTypes.Detector, step.Target!.Key.Type);
        Assert.Equal("ENABLED", step.Target.Attributes["Status"]);
        Assert.Equal("DISABLED", step.ExpectedPrior!.Attributes["Status"]);
        Assert.Equal("false", Assert.Single(step.UndoCalls).Parameters["Enable"]);
    }

    [Fact]
    public void Plan_DetectorDeletedAndRecorderStopped_BothRestartedAsApiSteps()
    {
        var events = LineageBuilderTests.Parse(
        [
            Write("02", "guardduty", "DeleteDetector", new JsonObject { ["detectorId"] = "d1" }),
            Write("03", "config", "StopConfigurationRecorder",
                new JsonObject { ["configurationRecorderName"] = "default" }),
        ]);
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, events);

        var steps = new ContainmentPlanner(Clock).Plan(graph, events).Steps;

        var create = steps.Single(s => s.Calls.FirstOrDefault()?.Operation == "CreateDetector");
        Assert.False(create.ExpectedPrior!.Exists);
        Assert.Equal("DeleteDetector", Assert.Single(create.UndoCalls).Operation);
        var start = steps.Single(s => s.Calls.FirstOrDefault()?.Operation == "StartConfigurationRecorder");
        Assert.Equal(new ResourceKey(ResourceTypes.ConfigRecorder, "default", start.Calls[0].Region),
            start.Target!.Key);
        Assert.Equal("true", start.Target.Attributes["Recording"]);
        Assert.Equal("StopConfigurationRecorder", Assert.Single(start.UndoCalls).Operation);
    }

    [Fact]
    public void Plan_LoggingStopped_RestoresLoggingFirst()
    {
        var events = LineageBuilderTests.Parse(
        [
            Write("01", "iam", "CreateUser", new JsonObject { ["userName"] = "evil" }),
            Write("02", "cloudtrail", "StopLogging", new JsonObject { ["name"] = "main" }),
        ]);
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, events);

        var plan = new ContainmentPlanner(Clock).Plan(graph, events);

        Assert.Equal("StartLogging", plan.Steps[0].Calls[0].Operation);
        Assert.Equal("main", plan.Steps[0].Calls[0].Parameters["Name"]);
    }

    [Fact]
    public void Plan_RootIssuedSession_IsManualScpStep()
    {
        var root = new JsonObject { ["type"] = "Root", ["accessKeyId"] = "AKIAROOTROOTROOTROOT" };
        var events = LineageBuilderTests.Parse(
        [
            Event("2024-08-01T10:00:00Z", "sts", "GetSessionToken", root, null,
                new JsonObject { ["credentials"] = new JsonObject { ["accessKeyId"] = "ASIAROOTSESSION00001" } }),
        ]);
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAROOTROOTROOTROOT"] }, events);

        var plan = new ContainmentPlanner(Clock).Plan(graph, events);

        Assert.Contains(plan.Steps, s => s.Kind == PlanStepKind.Manual && s.Reason!.Contains("service control policy"));
        Assert.Contains(plan.Steps, s => s.Kind == PlanStepKind.Manual && s.Title.Contains("root user's access key"));
        Assert.DoesNotContain(plan.Steps, s => s.Calls.Any(c => c.Operation == "PutUserPolicy"));
    }
}
