"""The course content pipeline, assessment side: question banks, quizzes and essay rubrics, the build
of fixtures/*.json from fixtures/content/ and fixtures/sources/, and loading those into the database.

Builds on lessons/content/ (reading YAML, sources, errors, the lesson part of each topic).
"""
