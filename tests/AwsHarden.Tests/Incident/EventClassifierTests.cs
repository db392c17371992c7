using System.Text.Json.Nodes;
using AwsHarden.Incident;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

public class EventClassifierTests
{
    private static string? TargetOf(string source, string name, JsonObject request, JsonObject? response = null) =>
        EventClassifier.Target(LineageBuilderTests.Parse(
            [Event("2024-08-01T09:14:00Z", source, name, User("x", "AKIAAAAAAAAAAAAAAAAA"), request, response)])[0]);

    [Fact]
    public void Target_ImportKeyPair_NamesThePairAndItsId()
    {
        Assert.Equal("maint (key-0a1b2c3d4e5f67890)", TargetOf("ec2", "ImportKeyPair",
            new JsonObject { ["keyName"] = "maint" }, new JsonObject { ["keyPairId"] = "key-0a1b2c3d4e5f67890" }));
        Assert.Equal("ops", TargetOf("ec2", "CreateKeyPair", new JsonObject { ["keyName"] = "ops" }));
    }

    [Theory]
    [InlineData("ec2", "DeleteVolume", "volumeId", "vol-0123")]
    [InlineData("autoscaling", "CreateAutoScalingGroup", "autoScalingGroupName", "miners")]
    [InlineData("rds", "ModifyDBInstance", "dBInstanceIdentifier", "prod-db")]
    public void Target_ComputeAndDataResources_Named(string source, string name, string parameter, string value)
    {
        Assert.Equal(value, TargetOf(source, name, new JsonObject { [parameter] = value }));
    }
}
