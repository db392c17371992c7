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
}
