namespace AwsHarden.Tests.Secrets;

/// <summary>Made-up keys in the real format; none was ever issued by AWS.</summary>
internal static class TestKeys
{
    public const string KeyId = "AKIA2XUID5ZZZZG6ZDME";
    public const string Secret = "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";
    public const string OtherKeyId = "AKIAN4KHVDGAJGXBENYJ";
    public const string OtherSecret = "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";
    public const string TemporaryKeyId = "ASIAQWX6HH7566TFJGVQ";
    public const string TemporarySecret = "Sc7Tvo+hBKqFYY+kv5ZJr3J1TWDtkwtDDb/xHKas";
    public const string SessionToken =
        "9ucAUsdMlHUvTCQCyEZDz+TddJ8HyS5SUkCnD8zRA9a9SkpXz9w3QlY7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xatws8p"
        + "hP9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBMptUsGr7CmY/uCu3ZR1zTOlUcR64cXQLioDnkHIfxIq2HZt+PlJhx2jIclHkCiHp6b";
    public const string GitSha = "d4072014b3ce107f80e222f828767efc2f91624a";
    public const string DocsKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string DocsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
}
