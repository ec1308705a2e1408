using MetricaChats.Internal;

namespace MetricaChats.Tests.Internal;

/// <summary>Error messages lose .NET's parameter-name text (the engine's name, never one the user typed).</summary>
public sealed class ErrorTextTests
{
    [Fact]
    public void The_parameter_name_suffix_is_removed()
    {
        var ex = new ArgumentException("The token is empty. Get one and pass it again.", "secret");
        Assert.Contains("secret", ex.Message); // what .NET shows
        Assert.Equal("The token is empty. Get one and pass it again.", ErrorText.Message(ex));
    }

    [Fact]
    public void An_out_of_range_value_keeps_its_value_but_loses_the_parameter_name()
    {
        var ex = new ArgumentOutOfRangeException("limit", 0, "The limit must be positive.");
        var message = ErrorText.Message(ex);
        Assert.DoesNotContain("(Parameter", message);
        Assert.DoesNotContain("Parameter name", message);
        Assert.StartsWith("The limit must be positive.", message);
        Assert.Contains("0", message);
    }

    [Fact]
    public void Other_exceptions_and_unnamed_arguments_keep_their_message()
    {
        Assert.Equal("No such file.", ErrorText.Message(new FileNotFoundException("No such file.")));
        Assert.Equal("Bad value.", ErrorText.Message(new ArgumentException("Bad value.")));
    }
}
