namespace AwsHarden.Tests;

public class SmokeTests
{
    [Fact]
    public void Snapshot_SchemaVersion_IsOne() => Assert.Equal(1, AwsHarden.Model.AccountSnapshot.CurrentSchemaVersion);
}
