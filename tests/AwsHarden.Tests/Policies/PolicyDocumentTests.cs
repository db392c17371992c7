using AwsHarden.Policies;

namespace AwsHarden.Tests.Policies;

public class PolicyDocumentTests
{
    [Fact]
    public void Parse_SingleStatementObjectAndStringElements_NormalisesToLists()
    {
        var doc = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}
            """);

        var statement = Assert.Single(doc.Statements);
        Assert.Equal(PolicyEffect.Allow, statement.Effect);
        Assert.Equal(["s3:GetObject"], statement.Actions);
        Assert.Equal(["*"], statement.Resources);
        Assert.Null(statement.NotActions);
    }

    [Fact]
    public void Parse_ConditionWithPrefixesAndScalarTypes_SplitsOperators()
    {
        var doc = PolicyDocument.Parse("""
            {"Statement":[{"Effect":"Deny","NotAction":["iam:*"],"Condition":{
              "ForAnyValue:StringNotLikeIfExists":{"aws:TagKeys":["a*","b"]},
              "bool":{"aws:SecureTransport":false},
              "NumericLessThan":{"s3:max-keys":10}}}]}
            """);

        var clauses = doc.Statements[0].Conditions;
        var tagClause = clauses.Single(c => c.Key == "aws:TagKeys");
        Assert.Equal("StringNotLike", tagClause.BaseOperator);
        Assert.Equal(SetQualifier.ForAnyValue, tagClause.Qualifier);
        Assert.True(tagClause.IfExists);
        Assert.True(tagClause.IsNegated);
        Assert.Equal(["false"], clauses.Single(c => c.BaseOperator == "Bool").Values);
        Assert.Equal(["10"], clauses.Single(c => c.BaseOperator == "NumericLessThan").Values);
    }

    [Fact]
    public void Parse_ElementNamesInOtherCase_AreRecognised()
    {
        var doc = PolicyDocument.Parse("""{"statement":[{"effect":"deny","action":"*","resource":"*"}]}""");

        Assert.Equal(PolicyEffect.Deny, doc.Statements[0].Effect);
        Assert.Equal("deny", doc.Statements[0].EffectText);
        Assert.Equal(["*"], doc.Statements[0].Actions);
    }

    [Fact]
    public void Parse_StrayTabsAndUnknownKeys_ParsesAndKeepsUnknownKeys()
    {
        var doc = PolicyDocument.Parse("{\"Version\":\"2012-10-17\",\t \t\n\"Extra\":1,\"Statement\":[]}");

        Assert.Equal("2012-10-17", doc.Version);
        Assert.Equal(["Extra"], doc.UnknownKeys);
    }

    [Fact]
    public void Parse_UrlEncodedDocument_Decodes()
    {
        const string json = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
        var encoded = Uri.EscapeDataString(json);

        var doc = PolicyDocument.Parse(encoded);

        Assert.StartsWith("%7B", encoded, StringComparison.Ordinal);
        Assert.Equal(["*"], doc.Statements[0].Actions);
    }

    [Fact]
    public void Parse_FormEncodedSpaces_Decodes()
    {
        var doc = PolicyDocument.Parse("%7B+%22Statement%22%3A+%5B%5D+%7D");

        Assert.Empty(doc.Statements);
    }

    [Fact]
    public void Parse_CommentInJson_ThrowsWithLineAndPosition()
    {
        var ex = Assert.Throws<PolicyParseException>(() =>
            PolicyDocument.Parse("{\n  \"Statement\": [\n    // note\n  ]\n}"));

        Assert.Equal(3, ex.Line);
        Assert.Equal(5, ex.Position);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"Statement\":5}")]
    [InlineData("{\"Statement\":[{\"Action\":{\"a\":1}}]}")]
    [InlineData("{\"Statement\":[{\"Condition\":{\"StringEquals\":\"x\"}}]}")]
    [InlineData("{\"Statement\":[{\"Condition\":{\"StringEquals\":{\"k\":null}}}]}")]
    [InlineData("%ZZ")]
    public void Parse_InvalidShapes_ThrowsPolicyParseException(string text)
    {
        var ex = Assert.Throws<PolicyParseException>(() => PolicyDocument.Parse(text));

        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Parse_PrincipalStringOrMap_ReadsBothForms()
    {
        var doc = PolicyDocument.Parse("""
            {"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"},
             {"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com","AWS":["arn:aws:iam::1:root"]},
              "Action":"sts:AssumeRole"}]}
            """);

        Assert.True(doc.Statements[0].Principal!.IsWildcard);
        Assert.Equal(["ssm.amazonaws.com"], doc.Statements[1].Principal!.ByType["service"]);
    }

    [Fact]
    public void TryParse_InvalidJson_ReturnsFalseWithError()
    {
        var ok = PolicyDocument.TryParse("{", out var doc, out var error);

        Assert.False(ok);
        Assert.Null(doc);
        Assert.NotNull(error);
    }
}
