using ReportPortal.Core.Ui;

namespace ReportPortal.Tests.Components;

public sealed class FormErrorsTests
{
    [Fact]
    public void Only_the_first_problem_per_field_is_kept_and_order_is_page_order()
    {
        var errors = new FormErrors();
        errors.Add("what", "first");
        errors.Add("group", "group problem");
        errors.Add("what", "second");

        Assert.Equal(["what", "group"], errors.All.Select(e => e.FieldId));
        Assert.Equal("first", errors.For("what"));
        Assert.Null(errors.For("force"));
    }

    [Theory]
    [InlineData("subjects[0].name", "subjects-0-name")]
    [InlineData("reporter-name", "reporter-name")]
    [InlineData("a.b", "a-b")]
    public void Field_names_become_fragment_safe_ids(string name, string id) => Assert.Equal(id, FieldIds.From(name));
}
