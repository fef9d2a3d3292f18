using System.Text;
using Dgm.Core.Models;

namespace Dgm.Core.Tests;

public sealed class OpenAIWireTests
{
    private const string Tools = """[{"type":"function","function":{"name":"bash","parameters":{"type":"object","properties":{}}}}]""";

    [Theory]
    [InlineData("\"n\":2", "n", "unsupported_value")]
    [InlineData("\"stream\":true", "stream", "unsupported_value")]
    [InlineData("\"tool_choice\":\"sometimes\"", "tool_choice", "unsupported_value")]
    [InlineData("\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"python\"}}", "tool_choice", "unsupported_value")]
    [InlineData("\"parallel_tool_calls\":\"yes\"", "parallel_tool_calls", "invalid_value")]
    [InlineData("\"reasoning_effort\":\"minimal\"", "reasoning_effort", "unsupported_value")]
    [InlineData("\"logprobs\":true", "logprobs", "unsupported_parameter")]
    [InlineData("\"max_tokens\":\"many\"", "max_tokens", "invalid_value")]
    public void A_parameter_the_gateway_cannot_forward_is_refused_by_name(string field, string parameter, string code)
    {
        var body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"go\"}],\"tools\":" + Tools + "," + field + "}";

        var ex = Assert.Throws<RequestParameterException>(() => OpenAIWire.ParseRequest(Encoding.UTF8.GetBytes(body)));

        Assert.Equal((parameter, code), (ex.Parameter, ex.Code));
        Assert.Contains($"'{parameter}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_choice_and_the_forwarded_parameters_are_accepted()
    {
        var body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"go\"}],\"tools\":" + Tools
            + ",\"n\":1,\"tool_choice\":\"none\",\"parallel_tool_calls\":true,\"reasoning_effort\":\"high\",\"stop\":\"END\",\"seed\":7}";

        var options = OpenAIWire.ParseRequest(Encoding.UTF8.GetBytes(body)).Options;

        Assert.Equal(Microsoft.Extensions.AI.ChatToolMode.None, options.ToolMode);
        Assert.True(options.AllowMultipleToolCalls);
        Assert.Equal(Microsoft.Extensions.AI.ReasoningEffort.High, options.Reasoning!.Effort);
        Assert.Equal(["END"], options.StopSequences!);
        Assert.Equal(7, options.Seed);
    }
}
