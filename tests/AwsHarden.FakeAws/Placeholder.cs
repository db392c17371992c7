namespace AwsHarden.FakeAws; public static class Placeholder { }
