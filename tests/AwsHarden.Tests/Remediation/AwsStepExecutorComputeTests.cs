using System.Net;
using System.Text;
using AwsHarden.Aws;
using AwsHarden.Model;
using AwsHarden.Remediation;

namespace AwsHarden.Tests.Remediation;

/// <summary>The wire parameters the executor builds for the EC2 and RDS calls of the revert rules, checked
/// against the list names in botocore's service models.</summary>
public class AwsStepExecutorComputeTests
{
    private static ApiCall Call(string service, string operation, params (string, string)[] parameters) => new()
    {
        Service = service, Operation = operation, Region = "us-east-1",
        Parameters = parameters.ToDictionary(p => p.Item1, p => p.Item2),
    };

    [Fact]
    public void Ec2Parameters_TerminateInstances_ListBecomesInstanceIdN()
    {
        var wire = AwsStepExecutor.Ec2Parameters(Call("ec2", "TerminateInstances", ("InstanceIds", "i-1,i-2")));

        Assert.Equal(new Dictionary<string, string> { ["InstanceId.1"] = "i-1", ["InstanceId.2"] = "i-2" }, wire);
    }

    [Theory]
    [InlineData("RevokeSecurityGroupIngress", "SecurityGroupRuleIds", "SecurityGroupRuleId.1")]
    [InlineData("CancelSpotFleetRequests", "SpotFleetRequestIds", "SpotFleetRequestId.1")]
    [InlineData("CancelSpotInstanceRequests", "SpotInstanceRequestIds", "SpotInstanceRequestId.1")]
    [InlineData("DeleteFleets", "FleetIds", "FleetId.1")]
    public void Ec2Parameters_ListParameter_UsesTheModelsMemberName(string operation, string name, string wireName)
    {
        var wire = AwsStepExecutor.Ec2Parameters(Call("ec2", operation, (name, "x-1"), ("GroupId", "sg-1")));

        Assert.Equal("x-1", wire[wireName]);
        Assert.Equal("sg-1", wire["GroupId"]);
        Assert.DoesNotContain(name, wire.Keys);
    }

    [Theory]
    [InlineData("ModifyImageAttribute", "ImageId", "LaunchPermission")]
    [InlineData("ModifySnapshotAttribute", "SnapshotId", "CreateVolumePermission")]
    public void Ec2Parameters_UnshareAccounts_GoInTheRemoveList(string operation, string id, string structure)
    {
        var wire = AwsStepExecutor.Ec2Parameters(Call("ec2", operation, (id, "ami-1"), ("Attribute", "x"),
            ("OperationType", "remove"), ("UserIds", "111122223333,444455556666")));

        Assert.Equal(new Dictionary<string, string>
        {
            [id] = "ami-1", [$"{structure}.Remove.1.UserId"] = "111122223333",
            [$"{structure}.Remove.2.UserId"] = "444455556666",
        }, wire);
    }

    [Fact]
    public void RdsParameters_ValuesToRemove_WrappedAsAttributeValue()
    {
        var wire = AwsStepExecutor.RdsParameters(Call("rds", "ModifyDBSnapshotAttribute",
            ("DBSnapshotIdentifier", "snap"), ("AttributeName", "restore"), ("ValuesToRemove", "111122223333")));

        Assert.Equal("111122223333", wire["ValuesToRemove.AttributeValue.1"]);
        Assert.Equal("restore", wire["AttributeName"]);
    }

    /// <summary>Records each request the executor sends and answers with a fixed status and body.</summary>
    private sealed class Recorder(HttpStatusCode status = HttpStatusCode.OK, string body = "<Response/>")
        : HttpMessageHandler
    {
        public List<(HttpMethod Method, string Path, string? Target, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var t) ? t.Single() : null;
            var content = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
            Requests.Add((request.Method, request.RequestUri!.AbsolutePath, target, content));
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
        }
    }

    private static AwsStepExecutor Executor(Recorder recorder) => new(AwsSession.Create(
        new AwsCredentials("AKIATESTTESTTESTTEST", "secret"), "us-east-1", new AwsSessionSettings
        {
            Handler = recorder,
            Environment = n => n == "AWS_ENDPOINT_URL" ? "http://127.0.0.1:9" : null,
            Retry = new AwsRetryOptions(1, TimeSpan.Zero, TimeSpan.Zero),
        }));

    [Fact]
    public async Task ExecuteAsync_TerminateInstances_Ec2QueryBodyWithNumberedIds()
    {
        var recorder = new Recorder();

        await Executor(recorder).ExecuteAsync(Call("ec2", "TerminateInstances", ("InstanceIds", "i-1,i-2")), default);

        var body = Assert.Single(recorder.Requests).Body;
        Assert.Equal("Action=TerminateInstances&Version=2016-11-15&InstanceId.1=i-1&InstanceId.2=i-2", body);
    }

    [Fact]
    public async Task ExecuteAsync_TerminateInstancesAlreadyGone_CountsAsDone()
    {
        var recorder = new Recorder(HttpStatusCode.BadRequest, "<Response><Errors><Error><Code>"
            + "InvalidInstanceID.NotFound</Code><Message>gone</Message></Error></Errors></Response>");

        await Executor(recorder).ExecuteAsync(Call("ec2", "TerminateInstances", ("InstanceIds", "i-1")), default);

        Assert.Single(recorder.Requests);
    }

    [Fact]
    public async Task ExecuteAsync_LambdaRemovePermission_DeleteOnTheRestRoute()
    {
        var recorder = new Recorder(HttpStatusCode.NoContent, "");

        await Executor(recorder).ExecuteAsync(Call("lambda", "RemovePermission", ("FunctionName", "miner"),
            ("StatementId", "public access")), default);

        var request = Assert.Single(recorder.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("/2015-03-31/functions/miner/policy/public%20access", request.Path);
    }

    [Fact]
    public async Task ExecuteAsync_StartConfigurationRecorder_Json11WithStarlingDoveTarget()
    {
        var recorder = new Recorder(HttpStatusCode.OK, "{}");

        await Executor(recorder).ExecuteAsync(Call("config", "StartConfigurationRecorder",
            ("ConfigurationRecorderName", "default")), default);

        var request = Assert.Single(recorder.Requests);
        Assert.Equal("StarlingDoveService.StartConfigurationRecorder", request.Target);
        Assert.Equal("{\"ConfigurationRecorderName\":\"default\"}", request.Body);
    }

    [Fact]
    public async Task ExecuteAsync_DeleteAutoScalingGroup_QueryWithItsApiVersion()
    {
        var recorder = new Recorder();

        await Executor(recorder).ExecuteAsync(Call("autoscaling", "DeleteAutoScalingGroup",
            ("AutoScalingGroupName", "gpu"), ("ForceDelete", "true")), default);

        Assert.Equal("Action=DeleteAutoScalingGroup&Version=2011-01-01&AutoScalingGroupName=gpu&ForceDelete=true",
            Assert.Single(recorder.Requests).Body);
    }
}
