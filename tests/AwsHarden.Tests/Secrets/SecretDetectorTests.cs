using AwsHarden.Secrets;

namespace AwsHarden.Tests.Secrets;

public class SecretDetectorTests
{
    [Fact]
    public void Detect_DocumentationPlaceholder_Ignored()
    {
        var text = $"aws_access_key_id = {TestKeys.DocsKeyId}\naws_secret_access_key = {TestKeys.DocsSecret}\n";

        Assert.Empty(SecretDetector.Detect(text));
    }

    [Fact]
    public void Detect_RoleUniqueId_Ignored() =>
        Assert.Empty(SecretDetector.Detect(
            "\"RoleId\": \"AROAYVP4CIPPERUVIFXG\", \"UserId\": \"AIDAYVP4CIPPERUVIFXG\""));

    [Fact]
    public void Detect_LockfileIntegrityHash_Ignored()
    {
        // A sha512 integrity value whose base64 happens to hold a key-shaped run after a slash.
        var integrity = "sha512-q3Zk9vR1/AKIA2XUID5ZZZZG6ZDME/Xb7cLm2Np4Qr8St0Uv1Wx3Yz5Ab6Cd8Ef9Gh1Ij2Kl3Mn4Op5Qr6"
            + "St7Uv8Wx9Yz0Ab==";
        var text = $"\"node_modules/left-pad\": {{\n  \"integrity\": \"{integrity}\"\n}}";

        Assert.Empty(SecretDetector.Detect(text));
    }

    [Fact]
    public void Detect_LoneHexString_Ignored() =>
        Assert.Empty(SecretDetector.Detect($"commit {TestKeys.GitSha}\nsecret = {TestKeys.GitSha}\n"));

    [Fact]
    public void Detect_KeyIdNextToGitSha_NotPairedWithSha()
    {
        var key = Assert.Single(SecretDetector.Detect($"key {TestKeys.KeyId}\nrevision {TestKeys.GitSha}\n"));

        Assert.Null(key.Secret);
    }

    [Fact]
    public void Detect_IniDefaultBlockAfterOtherText_FoundAsPair()
    {
        var text = "# notes from the onboarding call\nremember to rotate these\n\n[default]\nregion = eu-west-1\n"
            + $"aws_access_key_id = {TestKeys.KeyId}\noutput = json\naws_secret_access_key = {TestKeys.Secret}\n";

        var key = Assert.Single(SecretDetector.Detect(text));

        Assert.Equal(TestKeys.KeyId, key.KeyId);
        Assert.Equal(TestKeys.Secret, key.Secret?.Reveal());
        Assert.Equal(6, key.Line);
        Assert.Equal(21, key.Column);
    }

    [Fact]
    public void Detect_TwoIniProfiles_EachKeyGetsItsOwnSecret()
    {
        var text = $"[default]\naws_access_key_id={TestKeys.KeyId}\naws_secret_access_key={TestKeys.Secret}\n"
            + $"[ci]\naws_access_key_id={TestKeys.OtherKeyId}\naws_secret_access_key={TestKeys.OtherSecret}\n";

        var keys = SecretDetector.Detect(text);

        Assert.Equal(TestKeys.Secret, keys.Single(k => k.KeyId == TestKeys.KeyId).Secret?.Reveal());
        Assert.Equal(TestKeys.OtherSecret, keys.Single(k => k.KeyId == TestKeys.OtherKeyId).Secret?.Reveal());
    }

    [Theory]
    [InlineData("AWS_ACCESS_KEY_ID={0}\nAWS_SECRET_ACCESS_KEY={1}\n")]
    [InlineData("{{\n  \"AccessKey\": {{\n    \"AccessKeyId\": \"{0}\",\n    \"Status\": \"Active\",\n"
        + "    \"SecretAccessKey\": \"{1}\"\n  }}\n}}")]
    [InlineData("aws:\n  access_key_id: {0}\n  secret_access_key: '{1}'\n")]
    [InlineData("client = boto3.client('s3', aws_access_key_id='{0}', aws_secret_access_key='{1}')")]
    public void Detect_CommonShapes_FoundAsPair(string shape)
    {
        var text = string.Format(
            System.Globalization.CultureInfo.InvariantCulture, shape, TestKeys.KeyId, TestKeys.Secret);

        var key = Assert.Single(SecretDetector.Detect(text));

        Assert.Equal(TestKeys.Secret, key.Secret?.Reveal());
    }

    [Fact]
    public void Detect_KeyIdAlone_NoSecret()
    {
        var key = Assert.Single(SecretDetector.Detect($"// used by the nightly job: {TestKeys.KeyId}\n"));

        Assert.Null(key.Secret);
        Assert.Null(key.SessionToken);
    }

    [Fact]
    public void Detect_TemporaryKeyWithSessionToken_ReportsToken()
    {
        var text = $"export AWS_ACCESS_KEY_ID={TestKeys.TemporaryKeyId}\n"
            + $"export AWS_SECRET_ACCESS_KEY={TestKeys.TemporarySecret}\n"
            + $"export AWS_SESSION_TOKEN={TestKeys.SessionToken}\n";

        var key = Assert.Single(SecretDetector.Detect(text));

        Assert.Equal(TestKeys.TemporarySecret, key.Secret?.Reveal());
        Assert.Equal(TestKeys.SessionToken, key.SessionToken?.Reveal());
    }

    [Fact]
    public void Detect_KeyIdGluedToOtherLetters_Ignored() =>
        Assert.Empty(SecretDetector.Detect($"X{TestKeys.KeyId} {TestKeys.KeyId}9"));
}
