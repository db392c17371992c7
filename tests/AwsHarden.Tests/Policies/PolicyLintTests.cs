using AwsHarden.Policies;

namespace AwsHarden.Tests.Policies;

public class PolicyLintTests
{
    private static IEnumerable<string> Codes(string json) => PolicyLint.CheckScp(json).Issues.Select(i => i.Code);

    [Fact]
    public void CheckScp_SeedRegions_ValidAndMinifiedSmaller()
    {
        var json = PolicyTestFiles.Fixture("scps/regions.json");

        var report = PolicyLint.CheckScp(json);

        Assert.True(report.IsValid);
        Assert.Equal(json.Length, report.WrittenLength);
        Assert.True(report.MinifiedLength < report.WrittenLength);
        Assert.Equal(PolicyLint.Minify(json).Length, report.MinifiedLength);
    }

    [Fact]
    public void CheckScp_OverLimitOnlyBecauseOfWhitespace_ReportsMinifyHint()
    {
        var actions = Enumerable.Range(0, 200).Select(i => $"\"svc{i}:Action{i}\"");
        var json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\n"
            + string.Join(",\n", actions.Select(a => new string(' ', 40) + a)) + "],\"Resource\":\"*\"}]}";

        var report = PolicyLint.CheckScp(json);

        Assert.True(report.WrittenLength > PolicyLint.ScpMaxCharacters);
        Assert.True(report.MinifiedLength <= PolicyLint.ScpMaxCharacters);
        Assert.Contains("size.whitespace", report.Issues.Select(i => i.Code));
    }

    [Fact]
    public void CheckScp_OverLimitMinified_ReportsSizeLimit()
    {
        var actions = Enumerable.Range(0, 700).Select(i => $"\"service{i}:SomeAction{i}\"");
        var json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":["
            + string.Join(",", actions) + "],\"Resource\":\"*\"}]}";

        Assert.Contains("size.limit", Codes(json));
    }

    [Fact]
    public void CheckScp_GrammarMistakes_ReportsEach()
    {
        const string json = """
            {"Version":"2012-10-17","Extra":1,"Statement":[
              {"Sid":"bad-sid","Effect":"deny","Resource":"*","Colour":"red"},
              {"Effect":"Allow","Action":"*","NotAction":"iam:*","Principal":"*",
               "Condition":{"StringEqualz":{"k":"v"},"ForAllValue:StringLike":{"k":"v"}}}]}
            """;

        var codes = Codes(json).ToList();

        Assert.Equal(2, codes.Count(c => c == "grammar.unknown-key"));
        Assert.Contains("grammar.effect", codes);
        Assert.Contains("grammar.missing-action", codes);
        Assert.Contains("grammar.action-and-notaction", codes);
        Assert.Contains("grammar.sid", codes);
        Assert.Contains("grammar.scp-principal", codes);
        Assert.Equal(2, codes.Count(c => c == "grammar.unknown-operator"));
    }

    [Fact]
    public void CheckScp_KnownOperatorsWithPrefixesAndIfExists_NoOperatorIssue()
    {
        const string json = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{
              "ForAnyValue:StringNotLikeIfExists":{"k":"v"},"nulL":{"x":"true"},"DateGreaterThan":{"d":"2020-01-01"}}}]}
            """;

        Assert.Empty(Codes(json));
    }

    [Fact]
    public void CheckScp_InvalidJson_ParseIssueWithoutMinifiedSize()
    {
        var report = PolicyLint.CheckScp("{\"Statement\":[ // no\n]}");

        Assert.False(report.IsValid);
        Assert.Equal("parse.invalid", Assert.Single(report.Issues).Code);
        Assert.Null(report.MinifiedLength);
    }

    [Fact]
    public void CheckScp_MissingVersion_Warning()
    {
        var report = PolicyLint.CheckScp("""{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}""");

        Assert.True(report.IsValid);
        Assert.Equal("grammar.version", Assert.Single(report.Issues).Code);
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(6, true)]
    public void CheckScpAttachments_Count_FlagsOverFive(int count, bool flagged) =>
        Assert.Equal(flagged, PolicyLint.CheckScpAttachments(count) is not null);

    [Fact]
    public void Minify_InvalidJson_ThrowsPolicyParseException() =>
        Assert.Throws<PolicyParseException>(() => PolicyLint.Minify("{\"a\":"));
}
