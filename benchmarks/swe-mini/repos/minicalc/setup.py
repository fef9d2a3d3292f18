from setuptools import setup

setup(name="minicalc", version="0.1", packages=["minicalc"])
