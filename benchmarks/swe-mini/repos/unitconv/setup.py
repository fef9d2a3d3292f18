from setuptools import setup

setup(name="unitconv", version="0.1", packages=["unitconv"])
