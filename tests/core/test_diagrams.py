from workbench.core import Project


def test_diagram_positions_are_saved_undone_and_follow_deleted_elements(project, tmp_path):
    a, b = project.elements.list()
    assert project.diagrams.positions() == {}
    project.diagrams.save_positions({a.id: (0, 1.5), b.id: (2, -1)})
    project.diagrams.save_positions({a.id: (3, 3)})
    assert project.diagrams.positions() == {a.id: (3.0, 3.0), b.id: (2.0, -1.0)}
    project.undo()
    assert project.diagrams.positions()[a.id] == (0.0, 1.5)
    project.elements.delete(b.id)
    assert b.id not in project.diagrams.positions()
    project.undo()
    assert project.diagrams.positions()[b.id] == (2.0, -1.0)
    project.close()
    with Project.open(tmp_path / "study.cwb") as p:
        assert p.diagrams.positions()[b.id] == (2.0, -1.0)
        p.diagrams.forget()
        assert p.diagrams.positions() == {}
