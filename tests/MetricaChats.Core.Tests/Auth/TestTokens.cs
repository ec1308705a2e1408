namespace MetricaChats.Core.Tests.Auth;

/// <summary>Known fake tokens (the shape of a Yandex OAuth token; never real).</summary>
internal static class TestTokens
{
    public const string A = "y0_AgAAAAB1dGVzdHRva2VuQUFBQUFBQUFBQUFBQUFBQUFBQQ";
    public const string B = "y0_BgBBBBB2dGVzdHRva2VuQkJCQkJCQkJCQkJCQkJCQkJCQg";
    public const string C = "y0_CgCCCCC3dGVzdHRva2VuQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQw";
}
