using System.Text;
using System.Text.Json.Nodes;
using AwsHarden.Audit.Demo;
using AwsHarden.Model;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Model;

public class SnapshotJsonTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));

    private static string Write(AccountSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        SnapshotJson.Write(snapshot, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static AccountSnapshot Read(string json) =>
        SnapshotJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void WriteRead_DemoSnapshot_RoundTripsToTheSameJson()
    {
        var json = Write(DemoAccount.Snapshot(Clock));

        var back = Read(json);

        Assert.Equal(json, Write(back));
        Assert.Equal("111122223333", back.AccountId);
        Assert.Equal("AccessDeniedException", back.CostAnomaly.Error?.Code);
        Assert.True(back.Iam.CredentialReport.Value!.Single(r => r.IsRoot).AccessKey1Active);
    }

    [Fact]
    public void Write_Snapshot_IsIndentedCamelCaseWithoutComputedMembers()
    {
        var json = Write(DemoAccount.Healthy(Clock));

        Assert.Contains("\n  \"schemaVersion\": 1", json);
        Assert.Contains("\"tool\": \"awsharden\"", json);
        Assert.DoesNotContain("\"ok\":", json);
        Assert.DoesNotContain("\"isRoot\":", json);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"schemaVersion\": 1, \"tool\": \"awsharden\", \"accountId\": ")]
    [InlineData("[1, 2]")]
    public void Read_NotASnapshot_UserError(string text)
    {
        var error = Assert.Throws<UserErrorException>(() => Read(text));

        Assert.NotNull(error.Hint);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void Read_NewerSchema_UserErrorSaysUpdate()
    {
        var json = WithField("schemaVersion", AccountSnapshot.CurrentSchemaVersion + 1);

        var error = Assert.Throws<UserErrorException>(() => Read(json));

        Assert.Contains("newer", error.Message);
        Assert.Contains("Update awsharden", error.Hint);
    }

    [Fact]
    public void Read_OtherTool_UserError()
    {
        var error = Assert.Throws<UserErrorException>(() => Read(WithField("tool", "prowler")));

        Assert.Contains("prowler", error.Message);
    }

    [Fact]
    public void Read_MissingRequiredField_UserErrorNamesDamage()
    {
        var node = JsonNode.Parse(Write(DemoAccount.Snapshot(Clock)))!.AsObject();
        node.Remove("accountId");

        var error = Assert.Throws<UserErrorException>(() => Read(node.ToJsonString()));

        Assert.Contains("damaged", error.Message);
    }

    [Fact]
    public void Read_NullWhereNotNullable_UserError()
    {
        var node = JsonNode.Parse(Write(DemoAccount.Snapshot(Clock)))!.AsObject();
        node["regions"] = null;

        Assert.Throws<UserErrorException>(() => Read(node.ToJsonString()));
    }

    private static string WithField(string name, JsonNode value)
    {
        var node = JsonNode.Parse(Write(DemoAccount.Snapshot(Clock)))!.AsObject();
        node[name] = value;
        return node.ToJsonString();
    }
}
